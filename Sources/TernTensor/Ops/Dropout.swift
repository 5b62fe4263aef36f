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
