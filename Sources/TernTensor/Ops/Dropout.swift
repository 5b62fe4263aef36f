/// Inverted dropout: in training, each value is zeroed with probability `rate` and the survivors scaled by
/// 1/(1 − rate), so evaluation needs no rescaling. The mask comes from the caller's seeded generator, so a run
/// repeats exactly. Outside training (or with rate 0) the input is returned unchanged.
public func dropout(_ x: Tensor, rate: Float, training: Bool, generator: inout SeededGenerator) -> Tensor {
    precondition(rate >= 0 && rate < 1, "dropout rate must be in [0, 1), got \(rate)")
    guard training, rate > 0 else { return x }
    let scale = 1 / (1 - rate)
    // Compare 24-bit integers, not floats, to keep the mask loop branch-free and cheap.
    let threshold = UInt64(Double(rate) * 16_777_216.0)
    let mask = Tensor(shape: x.shape) { values in
        var i = 0
        let n = values.count
        while i < n {
            var bits = generator.next()
            // two 24-bit draws per 64-bit word
            for _ in 0..<2 where i < n {
                values[i] = (bits & 0xFF_FFFF) >= threshold ? scale : 0
                bits >>= 32
                i += 1
            }
        }
    }
    return x * mask
}
