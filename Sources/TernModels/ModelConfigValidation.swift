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
