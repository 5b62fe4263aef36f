import TernTensor

/// y = x·Wᵀ + b, with W stored as [out, in] (PyTorch's layout, so weights map across 1:1).
///
/// - Parameters:
///   - inputSize: the last dimension of the input.
///   - outputSize: the last dimension of the output.
///   - bias: whether to add a learned bias (output layers tied to an embedding usually have none).
public final class Linear: Module {
    public let weight: Parameter
    public let bias: Parameter?

    public init(_ inputSize: Int, _ outputSize: Int, bias: Bool = true,
                weightInit: Initializer = .xavierUniform(), biasInit: Initializer = .zeros,
                generator: inout SeededGenerator) {
        self.weight = weightInit.parameter([outputSize, inputSize], generator: &generator)
        self.bias = bias ? biasInit.parameter([outputSize], generator: &generator) : nil
    }

    /// PyTorch's `nn.Linear` initialisation: weight and bias U(±1/√inputSize). The RNN family uses it, as the PyTorch
    /// reference it is measured against does.
    public static func pytorchDefault(_ inputSize: Int, _ outputSize: Int, bias: Bool = true,
                                      generator: inout SeededGenerator) -> Linear {
        let bound = Initializer.uniform(scale: 1 / Float(inputSize).squareRoot())
        return Linear(inputSize, outputSize, bias: bias, weightInit: bound, biasInit: bound, generator: &generator)
    }

    /// A layer over an existing weight: how an output projection is tied to an embedding table [vocab, dim].
    public init(weight: Parameter, bias: Parameter? = nil) {
        precondition(weight.shape.count == 2, "Linear weight must be [out, in], got \(weight.shape)")
        precondition(bias == nil || bias!.shape == [weight.shape[0]], "Linear bias must be [\(weight.shape[0])]")
        self.weight = weight
        self.bias = bias
    }

    public var inputSize: Int { weight.shape[1] }
    public var outputSize: Int { weight.shape[0] }

    override public var ownParameters: [(key: String, parameter: Parameter)] {
        [("weight", weight)] + (bias.map { [("bias", $0)] } ?? [])
    }

    /// - Parameter x: [..., inputSize]. - Returns: [..., outputSize].
    public func callAsFunction(_ x: Tensor) -> Tensor {
        linear(x, weight: weight.value, bias: bias?.value)
    }
}
