import Foundation
import TernTensor

/// How a weight is filled at construction, always from the caller's seeded generator so that a model built twice
/// with one seed is the same model.
public enum Initializer: Sendable {
    /// Glorot & Bengio (2010): U(−a, a) with a = gain·√(6 / (fanIn + fanOut)), for a weight [out, in].
    case xavierUniform(gain: Float = 1)
    /// U(−scale, scale) (PyTorch's default for RNN weights uses scale = 1/√hidden).
    case uniform(scale: Float)
    case normal(mean: Float = 0, std: Float)
    /// LeCun et al. (1998, "Efficient BackProp"): N(0, 1/fanIn), for a weight [out, in]. With it a layer maps inputs of
    /// mean 0 and variance 1 to pre-activations of variance 1, the fixed point SELU's constants are chosen for
    /// (Klambauer et al. 2017), so a SELU stack stays normalised without normalisation layers.
    case lecunNormal
    case zeros
    case ones
    case constant(Float)

    public func make(_ shape: [Int], generator: inout SeededGenerator) -> Tensor {
        switch self {
        case .xavierUniform(let gain):
            // For [out, in] the fans are the two dimensions; a vector's fans are both its length.
            let fanOut = shape.first ?? 1
            let fanIn = shape.count > 1 ? shape.dropFirst().reduce(1, *) : fanOut
            let bound = gain * (6 / Float(fanIn + fanOut)).squareRoot()
            return Tensor.uniform(shape, low: -bound, high: bound, generator: &generator)
        case .lecunNormal:
            let fanIn = shape.count > 1 ? shape.dropFirst().reduce(1, *) : (shape.first ?? 1)
            return Tensor.normal(shape, mean: 0, std: 1 / Float(fanIn).squareRoot(), generator: &generator)
        case .uniform(let scale):
            return Tensor.uniform(shape, low: -scale, high: scale, generator: &generator)
        case .normal(let mean, let std):
            return Tensor.normal(shape, mean: mean, std: std, generator: &generator)
        case .zeros:
            return Tensor.zeros(shape)
        case .ones:
            return Tensor.ones(shape)
        case .constant(let value):
            return Tensor(repeating: value, shape: shape)
        }
    }

    /// A new parameter filled by this initializer.
    public func parameter(_ shape: [Int], generator: inout SeededGenerator) -> Parameter {
        Parameter(make(shape, generator: &generator))
    }
}
