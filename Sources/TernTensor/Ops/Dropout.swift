import CTernKernels

/// Inverted dropout: in training, each value is zeroed with probability `rate` and the survivors scaled by
/// 1/(1 − rate), so evaluation needs no rescaling. The mask comes from the caller's seeded generator, so a run
/// repeats exactly. Outside training (or with rate 0) the input is returned unchanged.
///
/// No mask is kept: the backward pass replays the generator from the state it had before the forward pass
/// (two 24-bit draws per 64-bit word, the same stream), which saves a tensor the size of the input per dropout.
public func dropout(_ x: Tensor, rate: Float, training: Bool, generator: inout SeededGenerator) -> Tensor {
    precondition(rate >= 0 && rate < 1, "dropout rate must be in [0, 1), got \(rate)")
    guard training, rate > 0 else { return x }
    let mask = DropoutMask(rate: rate, generator: generator)
    let out = mask.apply(tern_dropout_apply, to: x, advancing: &generator)
    return out.recorded(x) { g in
        var replay = SeededGenerator(state: mask.start)
        return [mask.apply(tern_dropout_apply, to: g, advancing: &replay)]
    }
}

/// What both dropouts share: the scale, the 24-bit threshold, and one pass of a mask kernel over a tensor that
/// advances a generator as the Swift one would be advanced by the same draws.
private struct DropoutMask {
    typealias Kernel = (UnsafePointer<Float>, UnsafeMutablePointer<Float>, Int, UInt32, Float, UnsafeMutablePointer<UInt64>) -> Void
    let scale: Float
    let threshold: UInt32
    /// The generator's state before the forward pass (the backward of plain dropout replays from it).
    let start: [UInt64]

    init(rate: Float, generator: SeededGenerator) {
        scale = 1 / (1 - rate)
        threshold = UInt32(Double(rate) * 16_777_216.0)
        start = generator.state
    }

    func apply(_ kernel: Kernel, to x: Tensor, advancing generator: inout SeededGenerator) -> Tensor {
        let out = Tensor.uninitialized(x.shape)
        var state = generator.state
        state.withUnsafeMutableBufferPointer { words in
            kernel(x.storage.base, out.storage.base, x.count, threshold, scale, words.baseAddress!)
        }
        generator = SeededGenerator(state: state)
        return out
    }
}

/// `dropout(x.relu(), …)` in one pass, for the feed-forward block: the same values, gradients and generator stream
/// bit for bit, but the backward reads only the output (nonzero exactly where x > 0 and the value was kept), so
/// neither relu's input is kept nor the mask replayed — a d_ff-wide tensor less per layer held for the backward, and
/// no random draws in it. Outside training (or with rate 0) it is `x.relu()`.
public func reluDropout(_ x: Tensor, rate: Float, training: Bool, generator: inout SeededGenerator) -> Tensor {
    precondition(rate >= 0 && rate < 1, "dropout rate must be in [0, 1), got \(rate)")
    guard training, rate > 0 else { return x.relu() }
    let mask = DropoutMask(rate: rate, generator: generator)
    let out = mask.apply(tern_relu_dropout_apply, to: x, advancing: &generator)
    let saved = out.detached(), scale = mask.scale
    return out.recorded(x) { g in
        let dx = Tensor.uninitialized(g.shape)
        let py = saved.storage.base, pg = g.storage.base, pd = dx.storage.base
        Kernels.parallelElements(g.count) { start, length in
            tern_relu_dropout_backward(py + start, pg + start, pd + start, length, scale)
        }
        return [dx]
    }
}
