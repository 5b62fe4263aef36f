import Foundation

/// The flat, strict JSON/YAML form of ``ModelConfig``: a key outside the family's list is an error that names it;
/// omitted optional keys take the defaults documented on ``RNNSettings`` and ``TransformerSettings``. A word outside a
/// key's list (`activation: swish`) is an error that names the key and the words it accepts.
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

    /// Every key a model config may hold, in either family (the tuner's allowed search keys include them).
    public static var keys: Set<String> { Set(commonKeys + rnnKeys + transformerKeys) }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: Key.self)
        func choice<T: CaseIterable & RawRepresentable>(_ key: String) throws -> T? where T.RawValue == String {
            guard let word = try c.decodeIfPresent(String.self, forKey: Key(key)) else { return nil }
            guard let value = T(rawValue: word) else {
                // "must be pre or post", "must be relu, gelu, selu or leaky_relu": the wording of the training keys.
                let words = T.allCases.map(\.rawValue)
                let accepted = words.dropLast().joined(separator: ", ") + " or " + words.last!
                throw ModelConfigError.invalid(key: key, reason: "must be \(accepted), got '\(word)'")
            }
            return value
        }
        guard let family: Family = try choice("family") else {
            throw ModelConfigError.invalid(key: "family", reason: "is missing (rnn or transformer)")
        }
        let allowed = Set(Self.commonKeys + (family == .rnn ? Self.rnnKeys : Self.transformerKeys))
        for key in c.allKeys where !allowed.contains(key.stringValue) {
            throw ModelConfigError.unknownKey(key.stringValue, family: family.rawValue)
        }
        func value<T: Decodable>(_ key: String) throws -> T { try c.decode(T.self, forKey: Key(key)) }
        func optional<T: Decodable>(_ key: String) throws -> T? { try c.decodeIfPresent(T.self, forKey: Key(key)) }
        dropout = try optional("dropout") ?? 0.1
        tiedEmbeddings = try choice("tied_embeddings") ?? EmbeddingTying.none
        switch family {
        case .rnn:
            architecture = .rnn(RNNSettings(
                cell: try choice("cell") ?? .gru, embeddingSize: try value("embedding_size"),
                encoderHidden: try value("encoder_hidden"), encoderLayers: try optional("encoder_layers") ?? 1,
                decoderHidden: try value("decoder_hidden"), decoderLayers: try optional("decoder_layers") ?? 1,
                attention: try choice("attention") ?? .bahdanau, attentionSize: try optional("attention_size"),
                inputFeeding: try optional("input_feeding") ?? true, bridge: try optional("bridge") ?? true))
        case .transformer:
            architecture = .transformer(TransformerSettings(
                dModel: try value("d_model"), heads: try value("heads"), dFF: try value("d_ff"),
                encoderLayers: try value("encoder_layers"), decoderLayers: try value("decoder_layers"),
                norm: try choice("norm") ?? .pre, activation: try choice("activation") ?? .relu,
                attentionDropout: try optional("attention_dropout"), activationDropout: try optional("activation_dropout"),
                layerNormEpsilon: try optional("layer_norm_epsilon") ?? 1e-6,
                positions: try choice("positions") ?? .sinusoidal, maxPositions: try optional("max_positions") ?? 1024,
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
