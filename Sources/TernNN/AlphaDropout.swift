import TernTensor

/// Alpha dropout (Klambauer et al. 2017, "Self-Normalizing Neural Networks", §2), the dropout a SELU network needs:
/// active only while ``Module/training`` is on, the identity in evaluation.
///
/// Ordinary dropout sets a unit to 0 and scales the rest by 1/q, which changes the variance of SELU activations
/// (to 1/q) and so breaks the mean-0, variance-1 fixed point that SELU's constants are chosen for. SELU's resting
/// value is not 0 but its negative saturation α′ = −λα ≈ −1.7581, so alpha dropout sets a dropped unit (probability
/// `rate`) to α′, and then applies the affine map a·x + b that brings an input of mean 0 and variance 1 back to
/// mean 0 and variance 1, with q = 1 − rate:
///
///     a = (q + α′² q (1 − q))^(−1/2),   b = −a (1 − q) α′.
///
/// (Mean: a(q·0 + (1 − q)α′) + b = 0. Variance: a²(q + (1 − q)α′² − (1 − q)²α′²) = a²(q + α′² q(1 − q)) = 1.)
///
/// The mask comes from the engine's ``dropout(_:rate:training:generator:)`` kernel applied to ones, so the layer
/// draws from its own seeded generator as ``Dropout`` does, and, being a ``Dropout``, that generator is saved with a
/// training run's state. Unlike ``Dropout``, the backward pass keeps the per-unit factor (a or 0) rather than
/// replaying the stream: alpha dropout is used only in SELU feed-forward blocks, where that tensor is affordable.
///
/// - Parameters:
///   - rate: the probability that a unit is dropped, in [0, 1).
///   - seed: seeds the layer's generator.
public final class AlphaDropout: Dropout {
    /// α′ = −λα, SELU's limit for x → −∞, with λ and α from the paper (the values the engine's `selu` uses).
    public static let saturation: Double = -1.0507009873554804934193349852946 * 1.6732632423543772848170429916717

    /// a, the factor applied to every unit after dropping.
    public let scale: Float
    /// b, the offset added to every unit after dropping.
    public let shift: Float
    /// a·α′ + b: the value every dropped unit ends up with.
    public let droppedValue: Float

    override public init(rate: Float, seed: UInt64) {
        // In Double, so a and b are the nearest Floats to the paper's values.
        let q = 1 - Double(rate)
        let alpha = Self.saturation
        let a = 1 / (q + alpha * alpha * q * (1 - q)).squareRoot()
        let b = -a * (1 - q) * alpha
        scale = Float(a)
        shift = Float(b)
        droppedValue = Float(a * alpha + b)
        super.init(rate: rate, seed: seed)
    }

    override public func callAsFunction(_ x: Tensor) -> Tensor {
        guard training, rate > 0 else { return x }
        // Ones through inverted dropout: 0 where a unit is dropped, 1/q where it is kept.
        let kept = dropout(Tensor.ones(x.shape), rate: rate, training: true, generator: &generator)
        let (a, b, dropped) = (scale, shift, droppedValue)
        // Per unit: kept → a·x + b; dropped → 0·x + (a·α′ + b). Constants, so the only gradient is a·g on kept units.
        let factor = Tensor(shape: x.shape) { out in
            kept.withUnsafeBufferPointer { mask in for i in out.indices { out[i] = mask[i] != 0 ? a : 0 } }
        }
        let offset = Tensor(shape: x.shape) { out in
            kept.withUnsafeBufferPointer { mask in for i in out.indices { out[i] = mask[i] != 0 ? b : dropped } }
        }
        return x * factor + offset
    }
}
