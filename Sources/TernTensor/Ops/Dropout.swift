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
    let scale = 1 / (1 - rate)
    let threshold = UInt32(Double(rate) * 16_777_216.0)
    let start = generator.state
    let out = Tensor.uninitialized(x.shape)
    var state = start
    state.withUnsafeMutableBufferPointer { words in
        tern_dropout_apply(x.storage.base, out.storage.base, x.count, threshold, scale, words.baseAddress!)
    }
    generator = SeededGenerator(state: state)
    return out.recorded(x) { g in
        let dx = Tensor.uninitialized(g.shape)
        var replay = start
        replay.withUnsafeMutableBufferPointer { words in
            tern_dropout_apply(g.storage.base, dx.storage.base, g.count, threshold, scale, words.baseAddress!)
        }
        return [dx]
    }
}

/// `dropout(x.relu(), …)` in one pass, for the feed-forward block: the same values, gradients and generator stream
/// bit for bit, but the backward reads only the output (nonzero exactly where x > 0 and the value was kept), so
/// neither relu's input is kept nor the mask replayed — a d_ff-wide tensor less per layer held for the backward, and
/// no random draws in it. Outside training (or with rate 0) it is `x.relu()`.
public func reluDropout(_ x: Tensor, rate: Float, training: Bool, generator: inout SeededGenerator) -> Tensor {
    precondition(rate >= 0 && rate < 1, "dropout rate must be in [0, 1), got \(rate)")
    guard training, rate > 0 else { return x.relu() }
    let scale = 1 / (1 - rate)
    let threshold = UInt32(Double(rate) * 16_777_216.0)
    let out = Tensor.uninitialized(x.shape)
    var state = generator.state
    state.withUnsafeMutableBufferPointer { words in
        tern_relu_dropout_apply(x.storage.base, out.storage.base, x.count, threshold, scale, words.baseAddress!)
    }
    generator = SeededGenerator(state: state)
    let saved = out.detached()
    return out.recorded(x) { g in
        let dx = Tensor.uninitialized(g.shape)
        let py = saved.storage.base, pg = g.storage.base, pd = dx.storage.base
        Kernels.parallelElements(g.count) { start, length in
            tern_relu_dropout_backward(py + start, pg + start, pd + start, length, scale)
        }
        return [dx]
    }
}
