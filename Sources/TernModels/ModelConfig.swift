import Foundation
import TernNN

/// The architecture of a model, as written in `models/*.yaml` (one `key: value` per line) or JSON: the keys are the
/// same in both, snake_case, flat. Decoding is strict — a key that does not belong to the family is an error that
/// names it — and ``validate()`` checks the combinations once, before anything is built.
///
/// Vocabulary sizes are not part of the architecture: they come from the data and are passed to ``ModelFactory``.
///
/// Keys common to both families: `family` (`rnn` | `transformer`), `dropout` (0.1), `tied_embeddings`
/// (`none` | `decoder` — target embedding and output projection share one matrix | `all` — source embedding too,
/// which needs a joint vocabulary). RNN keys are listed on ``RNNSettings``, Transformer keys on
/// ``TransformerSettings``; defaults are in parentheses there.
public struct ModelConfig: Equatable, Sendable {
    public enum Family: String, Codable, Sendable { case rnn, transformer }
    public enum EmbeddingTying: String, Codable, Sendable { case none, decoder, all }

    public var dropout: Float
    public var tiedEmbeddings: EmbeddingTying
    public var architecture: Architecture

    public enum Architecture: Equatable, Sendable {
        case rnn(RNNSettings)
        case transformer(TransformerSettings)
    }

    public init(dropout: Float = 0.1, tiedEmbeddings: EmbeddingTying = .none, architecture: Architecture) {
        self.dropout = dropout
        self.tiedEmbeddings = tiedEmbeddings
        self.architecture = architecture
    }

    public var family: Family {
        switch architecture {
        case .rnn: return .rnn
        case .transformer: return .transformer
        }
    }
}

/// The RNN encoder–decoder. Keys: `cell` (`gru` | `lstm`; gru), `embedding_size`, `encoder_hidden` (per
/// direction), `encoder_layers` (1), `decoder_hidden`, `decoder_layers` (1), `attention` (`bahdanau` |
/// `luong_dot` | `luong_general`; bahdanau), `attention_size` (Bahdanau's tanh width; decoder_hidden),
/// `input_feeding` (true), `bridge` (true: h₀ = tanh(W[h→; h←] + b), else zeros).
public struct RNNSettings: Equatable, Sendable {
    public enum Cell: String, Codable, Sendable { case gru, lstm }
    public enum AttentionKind: String, Codable, Sendable { case bahdanau, luongDot = "luong_dot", luongGeneral = "luong_general" }

    public var cell: Cell = .gru
    public var embeddingSize: Int
    public var encoderHidden: Int
    public var encoderLayers: Int = 1
    public var decoderHidden: Int
    public var decoderLayers: Int = 1
    public var attention: AttentionKind = .bahdanau
    public var attentionSize: Int?
    public var inputFeeding: Bool = true
    public var bridge: Bool = true

    public init(cell: Cell = .gru, embeddingSize: Int, encoderHidden: Int, encoderLayers: Int = 1, decoderHidden: Int,
                decoderLayers: Int = 1, attention: AttentionKind = .bahdanau, attentionSize: Int? = nil,
                inputFeeding: Bool = true, bridge: Bool = true) {
        self.cell = cell
        self.embeddingSize = embeddingSize
        self.encoderHidden = encoderHidden
        self.encoderLayers = encoderLayers
        self.decoderHidden = decoderHidden
        self.decoderLayers = decoderLayers
        self.attention = attention
        self.attentionSize = attentionSize
        self.inputFeeding = inputFeeding
        self.bridge = bridge
    }

    /// Width of the encoder states the decoder attends to: both directions.
    public var memorySize: Int { 2 * encoderHidden }
    public var resolvedAttentionSize: Int { attentionSize ?? decoderHidden }
}

/// The Transformer (Vaswani et al. 2017). Keys: `d_model`, `heads`, `d_ff`, `encoder_layers`, `decoder_layers`,
/// `norm` (`pre` | `post`; pre), `activation` (`relu` | `gelu` | `selu`; relu), `attention_dropout` (dropout),
/// `activation_dropout` (dropout), `layer_norm_epsilon` (1e-6), `positions` (`sinusoidal` | `learned`;
/// sinusoidal), `max_positions` (1024, the learned table's length), `scale_embeddings` (true: embeddings × √d_model).
public struct TransformerSettings: Equatable, Sendable {
    public enum Norm: String, Codable, Sendable { case pre, post }
    public enum Activation: String, Codable, Sendable { case relu, gelu, selu }
    public enum Positions: String, Codable, Sendable { case sinusoidal, learned }

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

// MARK: - Validation

extension ModelConfig {
    /// Checks every value and combination that does not depend on the data; errors name the key.
    public func validate() throws {
        func positive(_ value: Int, _ key: String) throws {
            if value <= 0 { throw ModelConfigError.invalid(key: key, reason: "must be positive, got \(value)") }
        }
        func rate(_ value: Float?, _ key: String) throws {
            if let value, !(value >= 0 && value < 1) {
                throw ModelConfigError.invalid(key: key, reason: "must be in [0, 1), got \(value)")
            }
        }
        try rate(dropout, "dropout")
        switch architecture {
        case .rnn(let r):
            try positive(r.embeddingSize, "embedding_size")
            try positive(r.encoderHidden, "encoder_hidden")
            try positive(r.encoderLayers, "encoder_layers")
            try positive(r.decoderHidden, "decoder_hidden")
            try positive(r.decoderLayers, "decoder_layers")
            if let size = r.attentionSize { try positive(size, "attention_size") }
            if r.attentionSize != nil && r.attention != .bahdanau {
                throw ModelConfigError.invalid(key: "attention_size", reason: "only Bahdanau attention has a size of its own")
            }
            if r.attention == .luongDot && r.decoderHidden != r.memorySize {
                throw ModelConfigError.invalid(key: "attention", reason: "luong_dot needs decoder_hidden (\(r.decoderHidden)) = 2 × encoder_hidden (\(r.memorySize))")
            }
            if tiedEmbeddings != .none && r.embeddingSize != r.decoderHidden {
                throw ModelConfigError.invalid(key: "tied_embeddings", reason: "tying the output projection needs embedding_size (\(r.embeddingSize)) = decoder_hidden (\(r.decoderHidden))")
            }
        case .transformer(let t):
            try positive(t.dModel, "d_model")
            try positive(t.heads, "heads")
            try positive(t.dFF, "d_ff")
            try positive(t.encoderLayers, "encoder_layers")
            try positive(t.decoderLayers, "decoder_layers")
            try positive(t.maxPositions, "max_positions")
            if t.dModel % t.heads != 0 {
                throw ModelConfigError.invalid(key: "heads", reason: "d_model (\(t.dModel)) must be divisible by heads (\(t.heads))")
            }
            if t.positions == .sinusoidal && t.dModel % 2 != 0 {
                throw ModelConfigError.invalid(key: "d_model", reason: "sinusoidal positions need an even d_model, got \(t.dModel)")
            }
            if !(t.layerNormEpsilon > 0) {
                throw ModelConfigError.invalid(key: "layer_norm_epsilon", reason: "must be positive, got \(t.layerNormEpsilon)")
            }
            try rate(t.attentionDropout, "attention_dropout")
            try rate(t.activationDropout, "activation_dropout")
        }
    }

    /// ``validate()``, plus the checks that need the vocabulary sizes.
    public func validate(sourceVocabularySize: Int, targetVocabularySize: Int) throws {
        try validate()
        if sourceVocabularySize < 4 || targetVocabularySize < 4 {
            throw ModelConfigError.invalid(key: "vocabulary", reason: "needs at least the 4 special tokens, got \(sourceVocabularySize) and \(targetVocabularySize)")
        }
        if tiedEmbeddings == .all && sourceVocabularySize != targetVocabularySize {
            throw ModelConfigError.invalid(key: "tied_embeddings", reason: "'all' shares one matrix between source and target, but the vocabularies differ (\(sourceVocabularySize) and \(targetVocabularySize))")
        }
    }
}

// MARK: - Coding (flat keys, strict)

extension ModelConfig: Codable {
    struct Key: CodingKey, Hashable {
        let stringValue: String
        init(_ string: String) { stringValue = string }
        init?(stringValue: String) { self.stringValue = stringValue }
        var intValue: Int? { nil }
        init?(intValue: Int) { nil }
    }

    static let commonKeys = ["family", "dropout", "tied_embeddings"]
    static let rnnKeys = ["cell", "embedding_size", "encoder_hidden", "encoder_layers", "decoder_hidden",
                          "decoder_layers", "attention", "attention_size", "input_feeding", "bridge"]
    static let transformerKeys = ["d_model", "heads", "d_ff", "encoder_layers", "decoder_layers", "norm", "activation",
                                  "attention_dropout", "activation_dropout", "layer_norm_epsilon", "positions",
                                  "max_positions", "scale_embeddings"]

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: Key.self)
        let family = try c.decode(Family.self, forKey: Key("family"))
        let allowed = Set(Self.commonKeys + (family == .rnn ? Self.rnnKeys : Self.transformerKeys))
        for key in c.allKeys where !allowed.contains(key.stringValue) {
            throw ModelConfigError.unknownKey(key.stringValue, family: family.rawValue)
        }
        func value<T: Decodable>(_ key: String) throws -> T { try c.decode(T.self, forKey: Key(key)) }
        func optional<T: Decodable>(_ key: String) throws -> T? { try c.decodeIfPresent(T.self, forKey: Key(key)) }
        dropout = try optional("dropout") ?? 0.1
        tiedEmbeddings = try optional("tied_embeddings") ?? EmbeddingTying.none
        switch family {
        case .rnn:
            architecture = .rnn(RNNSettings(
                cell: try optional("cell") ?? .gru, embeddingSize: try value("embedding_size"),
                encoderHidden: try value("encoder_hidden"), encoderLayers: try optional("encoder_layers") ?? 1,
                decoderHidden: try value("decoder_hidden"), decoderLayers: try optional("decoder_layers") ?? 1,
                attention: try optional("attention") ?? .bahdanau, attentionSize: try optional("attention_size"),
                inputFeeding: try optional("input_feeding") ?? true, bridge: try optional("bridge") ?? true))
        case .transformer:
            architecture = .transformer(TransformerSettings(
                dModel: try value("d_model"), heads: try value("heads"), dFF: try value("d_ff"),
                encoderLayers: try value("encoder_layers"), decoderLayers: try value("decoder_layers"),
                norm: try optional("norm") ?? .pre, activation: try optional("activation") ?? .relu,
                attentionDropout: try optional("attention_dropout"), activationDropout: try optional("activation_dropout"),
                layerNormEpsilon: try optional("layer_norm_epsilon") ?? 1e-6,
                positions: try optional("positions") ?? .sinusoidal, maxPositions: try optional("max_positions") ?? 1024,
                scaleEmbeddings: try optional("scale_embeddings") ?? true))
        }
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: Key.self)
        try c.encode(family, forKey: Key("family"))
        try c.encode(dropout, forKey: Key("dropout"))
        try c.encode(tiedEmbeddings, forKey: Key("tied_embeddings"))
        switch architecture {
        case .rnn(let r):
            try c.encode(r.cell, forKey: Key("cell"))
            try c.encode(r.embeddingSize, forKey: Key("embedding_size"))
            try c.encode(r.encoderHidden, forKey: Key("encoder_hidden"))
            try c.encode(r.encoderLayers, forKey: Key("encoder_layers"))
            try c.encode(r.decoderHidden, forKey: Key("decoder_hidden"))
            try c.encode(r.decoderLayers, forKey: Key("decoder_layers"))
            try c.encode(r.attention, forKey: Key("attention"))
            try c.encodeIfPresent(r.attentionSize, forKey: Key("attention_size"))
            try c.encode(r.inputFeeding, forKey: Key("input_feeding"))
            try c.encode(r.bridge, forKey: Key("bridge"))
        case .transformer(let t):
            try c.encode(t.dModel, forKey: Key("d_model"))
            try c.encode(t.heads, forKey: Key("heads"))
            try c.encode(t.dFF, forKey: Key("d_ff"))
            try c.encode(t.encoderLayers, forKey: Key("encoder_layers"))
            try c.encode(t.decoderLayers, forKey: Key("decoder_layers"))
            try c.encode(t.norm, forKey: Key("norm"))
            try c.encode(t.activation, forKey: Key("activation"))
            try c.encodeIfPresent(t.attentionDropout, forKey: Key("attention_dropout"))
            try c.encodeIfPresent(t.activationDropout, forKey: Key("activation_dropout"))
            try c.encode(t.layerNormEpsilon, forKey: Key("layer_norm_epsilon"))
            try c.encode(t.positions, forKey: Key("positions"))
            try c.encode(t.maxPositions, forKey: Key("max_positions"))
            try c.encode(t.scaleEmbeddings, forKey: Key("scale_embeddings"))
        }
    }
}
