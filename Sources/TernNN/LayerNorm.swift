import TernTensor

/// Layer normalisation over the last axis (Ba et al. 2016): (x − μ)/√(σ² + ε)·weight + bias, with the biased
/// variance, as PyTorch's `nn.LayerNorm`. Keys `weight` and `bias` follow PyTorch's names.
public final class LayerNorm: Module {
    public let weight: Parameter
    public let bias: Parameter
    public let epsilon: Float

    public init(_ dimension: Int, epsilon: Float = 1e-5) {
        self.weight = Parameter(Tensor.ones([dimension]))
        self.bias = Parameter(Tensor.zeros([dimension]))
        self.epsilon = epsilon
    }

    override public var ownParameters: [(key: String, parameter: Parameter)] { [("weight", weight), ("bias", bias)] }

    public func callAsFunction(_ x: Tensor) -> Tensor {
        layerNorm(x, gamma: weight.value, beta: bias.value, epsilon: epsilon)
    }
}
