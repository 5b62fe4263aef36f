import TernNN
import TernTensor

/// Builds a model from its config (JoeyNMT's `build_model`): validates once, then constructs the family's
/// modules with weights drawn from a generator seeded by `seed`.
public enum ModelFactory {
    /// - Parameters:
    ///   - config: the architecture; validated here, together with the vocabulary sizes.
    ///   - sourceVocabularySize: rows of the source embedding.
    ///   - targetVocabularySize: rows of the target embedding and of the output projection.
    ///   - seed: initialisation and dropout seed.
    public static func make(_ config: ModelConfig, sourceVocabularySize: Int, targetVocabularySize: Int,
                            seed: UInt64 = 0) throws -> any Seq2SeqModel {
        try config.validate(sourceVocabularySize: sourceVocabularySize, targetVocabularySize: targetVocabularySize)
        var generator = SeededGenerator(seed: seed)
        switch config.architecture {
        case .rnn:
            return RNNModel(config: config, sourceVocabularySize: sourceVocabularySize,
                            targetVocabularySize: targetVocabularySize, generator: &generator)
        case .transformer:
            return TransformerModel(config: config, sourceVocabularySize: sourceVocabularySize,
                                    targetVocabularySize: targetVocabularySize, generator: &generator)
        }
    }

    /// A model over one joint vocabulary.
    public static func make(_ config: ModelConfig, vocabularySize: Int, seed: UInt64 = 0) throws -> any Seq2SeqModel {
        try make(config, sourceVocabularySize: vocabularySize, targetVocabularySize: vocabularySize, seed: seed)
    }
}
