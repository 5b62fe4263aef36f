/// The Transformer (Vaswani et al. 2017). Keys: `d_model`, `heads`, `d_ff`, `encoder_layers`, `decoder_layers`,
/// `norm` (`pre` | `post`; pre), `activation` (`relu` | `gelu` | `selu` | `leaky_relu`; relu — see ``Activation``),
/// `attention_dropout` (dropout), `activation_dropout` (dropout), `layer_norm_epsilon` (1e-6), `positions`
/// (`sinusoidal` | `learned`; sinusoidal), `max_positions` (1024, the learned table's length), `scale_embeddings`
/// (true: embeddings × √d_model).
public struct TransformerSettings: Equatable, Sendable {
    public enum Norm: String, Codable, Sendable, CaseIterable { case pre, post }
    /// The feed-forward block's activation. `selu` also gives that block LeCun-normal weights and alpha dropout
    /// (Klambauer et al. 2017), which its self-normalising property needs; `leaky_relu` has slope 0.01 for x < 0, so
    /// no unit can die. See ``FeedForward``.
    public enum Activation: String, Codable, Sendable, CaseIterable {
        case relu, gelu, selu
        case leakyRelu = "leaky_relu"
    }
    public enum Positions: String, Codable, Sendable, CaseIterable { case sinusoidal, learned }

    public var dModel: Int
    public var heads: Int
    public var dFF: Int
    public var encoderLayers: Int
    public var decoderLayers: Int
    public var norm: Norm = .pre
    public var activation: Activation = .relu
    public var attentionDropout: Float?
    public var activationDropout: Float?
    public var layerNormEpsilon: Float = 1e-6
    public var positions: Positions = .sinusoidal
    public var maxPositions: Int = 1024
    public var scaleEmbeddings: Bool = true

    public init(dModel: Int, heads: Int, dFF: Int, encoderLayers: Int, decoderLayers: Int, norm: Norm = .pre,
                activation: Activation = .relu, attentionDropout: Float? = nil, activationDropout: Float? = nil,
                layerNormEpsilon: Float = 1e-6, positions: Positions = .sinusoidal, maxPositions: Int = 1024,
                scaleEmbeddings: Bool = true) {
        self.dModel = dModel
        self.heads = heads
        self.dFF = dFF
        self.encoderLayers = encoderLayers
        self.decoderLayers = decoderLayers
        self.norm = norm
        self.activation = activation
        self.attentionDropout = attentionDropout
        self.activationDropout = activationDropout
        self.layerNormEpsilon = layerNormEpsilon
        self.positions = positions
        self.maxPositions = maxPositions
        self.scaleEmbeddings = scaleEmbeddings
    }
}
