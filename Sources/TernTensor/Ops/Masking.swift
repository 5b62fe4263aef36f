/// Masks for attention, as additive tensors (0 where attending is allowed, a large negative number where it is
/// not) that broadcast over the score tensor [batch, heads, queries, keys]. A finite number rather than −∞ keeps a
/// fully masked row finite (uniform) instead of NaN.
public enum Masks {
    public static let blocked: Float = -1e9

    /// [batch, 1, 1, keys]: blocks key positions at or beyond each sentence's length.
    public static func padding(lengths: [Int], maxLength: Int) -> Tensor {
        Tensor(shape: [lengths.count, 1, 1, maxLength]) { values in
            for (b, length) in lengths.enumerated() {
                for t in 0..<maxLength { values[b * maxLength + t] = t < length ? 0 : blocked }
            }
        }
    }

    /// [length, length]: query i may attend to keys 0...i only.
    public static func causal(_ length: Int) -> Tensor {
        Tensor(shape: [length, length]) { values in
            for i in 0..<length { for j in 0..<length { values[i * length + j] = j <= i ? 0 : blocked } }
        }
    }
}

extension Tensor {
    /// Sets the positions where `mask` is true to `value` (any shape that broadcasts to `self`). Backward: the
    /// gradient with those positions zeroed.
    public func maskedFill(_ mask: [Bool], maskShape: [Int], value: Float) -> Tensor {
        precondition(maskShape.reduce(1, *) == mask.count, "mask shape \(maskShape) does not hold \(mask.count) flags")
        let keep = Tensor(shape: maskShape) { v in for i in 0..<mask.count { v[i] = mask[i] ? 0 : 1 } }.broadcast(to: shape)
        let fill = Tensor(shape: maskShape) { v in for i in 0..<mask.count { v[i] = mask[i] ? value : 0 } }.broadcast(to: shape)
        return self * keep + fill
    }
}
