import TernNN
import TernTensor

/// The position-wise feed-forward block: linear2(dropout(activation(linear1(x)))), d → d_ff → d.
///
/// With `selu` the block is built as the self-normalising claim needs (Klambauer et al. 2017): both linear layers get
/// LeCun-normal weights (N(0, 1/fan_in)) and the dropout is ``AlphaDropout``; with any other activation the weights
/// are Xavier-uniform and the dropout ordinary, drawn in the same order from the generator as before SELU had its
/// own initialisation, so relu and gelu models are unchanged bit for bit.
///
/// - Parameters:
///   - dModel: the model width d.
///   - dFF: the hidden width d_ff.
///   - activation: the hidden activation; `leaky_relu` uses slope ``leakyReluSlope``.
///   - dropout: the rate of the dropout after the activation.
public final class FeedForward: Module {
    /// The negative-side slope of `leaky_relu`: 0.01, the value of Maas et al. (2013) and PyTorch's default. Small
    /// enough to act like ReLU, large enough that a unit whose input is negative for every token still gets a gradient
    /// (a ReLU unit in that state is dead).
    public static let leakyReluSlope: Float = 0.01

    public let linear1: Linear
    public let linear2: Linear
    public let activation: TransformerSettings.Activation
    /// ``AlphaDropout`` for `selu`, plain ``Dropout`` otherwise.
    public let activationDropout: Dropout

    public init(dModel: Int, dFF: Int, activation: TransformerSettings.Activation, dropout: Float,
                generator: inout SeededGenerator) {
        let selu = activation == .selu
        let weightInit: Initializer = selu ? .lecunNormal : .xavierUniform()
        linear1 = Linear(dModel, dFF, weightInit: weightInit, generator: &generator)
        linear2 = Linear(dFF, dModel, weightInit: weightInit, generator: &generator)
        self.activation = activation
        let seed = generator.next()
        activationDropout = selu ? AlphaDropout(rate: dropout, seed: seed) : Dropout(rate: dropout, seed: seed)
    }

    override public var children: [(key: String, module: Module)] {
        [("linear1", linear1), ("linear2", linear2), ("dropout", activationDropout)]
    }

    public func callAsFunction(_ x: Tensor) -> Tensor {
        // ReLU and its dropout as one op, unless a probe wants the activations themselves (the statistics' dead
        // units); both ways give the same bits and draws, so a run is the same whichever steps are probed.
        if activation == .relu && probe == nil { return linear2(activationDropout.afterRelu(linear1(x))) }
        let activated = activate(linear1(x))
        probe?.record(activated, .hidden, of: self)
        return linear2(activationDropout(activated))
    }

    /// The hidden activation, shared with the decoding step's own feed-forward path.
    public func activate(_ hidden: Tensor) -> Tensor {
        switch activation {
        case .relu: return hidden.relu()
        case .gelu: return hidden.gelu()
        case .selu: return hidden.selu()
        case .leakyRelu: return hidden.leakyRelu(slope: Self.leakyReluSlope)
        }
    }
}
