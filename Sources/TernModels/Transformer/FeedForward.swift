import TernNN
import TernTensor

/// The position-wise feed-forward block: linear2(dropout(activation(linear1(x)))), d → d_ff → d.
public final class FeedForward: Module {
    public let linear1: Linear
    public let linear2: Linear
    public let activation: TransformerSettings.Activation
    public let activationDropout: Dropout

    public init(dModel: Int, dFF: Int, activation: TransformerSettings.Activation, dropout: Float,
                generator: inout SeededGenerator) {
        linear1 = Linear(dModel, dFF, generator: &generator)
        linear2 = Linear(dFF, dModel, generator: &generator)
        self.activation = activation
        activationDropout = Dropout(rate: dropout, seed: generator.next())
    }

    override public var children: [(key: String, module: Module)] {
        [("linear1", linear1), ("linear2", linear2), ("dropout", activationDropout)]
    }

    public func callAsFunction(_ x: Tensor) -> Tensor {
        let hidden = linear1(x)
        let activated: Tensor
        switch activation {
        case .relu: activated = hidden.relu()
        case .gelu: activated = hidden.gelu()
        case .selu: activated = hidden.selu()
        }
        probe?.record(activated, .hidden, of: self)
        return linear2(activationDropout(activated))
    }
}
