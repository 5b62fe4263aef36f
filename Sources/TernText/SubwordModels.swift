/// The source and target tokenizers of a translation model, learned together under one ``SubwordConfig``.
///
/// With `joint` set, one BPE model and one vocabulary are learned from both sides' words and ``source`` and
/// ``target`` are the same tokenizer object; otherwise each side gets its own model and vocabulary.
public struct SubwordModels {
    public let config: SubwordConfig
    public let source: SubwordTokenizer
    public let target: SubwordTokenizer

    /// Learns models from raw (not yet normalized) lines of both sides.
    public static func learn(config: SubwordConfig, sourceLines: [String], targetLines: [String]) -> SubwordModels {
        let normalizer = config.normalizer
        return learn(
            config: config,
            sourceCounts: WordCounts(lines: sourceLines, normalizer: normalizer),
            targetCounts: WordCounts(lines: targetLines, normalizer: normalizer)
        )
    }

    /// Learns models from the word counts of both sides.
    public static func learn(config: SubwordConfig, sourceCounts: WordCounts, targetCounts: WordCounts) -> SubwordModels {
        let learner = config.learner
        if config.joint {
            var counts = sourceCounts
            counts.add(targetCounts)
            let model = learner.learn(from: counts)
            let shared = SubwordTokenizer(model: model, vocabulary: Vocabulary(model: model, wordCounts: counts), normalizer: config.normalizer)
            return SubwordModels(config: config, source: shared, target: shared)
        }
        func side(_ counts: WordCounts) -> SubwordTokenizer {
            let model = learner.learn(from: counts)
            return SubwordTokenizer(model: model, vocabulary: Vocabulary(model: model, wordCounts: counts), normalizer: config.normalizer)
        }
        return SubwordModels(config: config, source: side(sourceCounts), target: side(targetCounts))
    }

    /// Rebuilds tokenizers from their serialized parts. When `config.joint` is set the target parts are ignored
    /// and the source parts serve both sides.
    public init(
        config: SubwordConfig,
        sourceMerges: [(left: String, right: String)],
        sourceVocabulary: [(token: String, frequency: Int)],
        targetMerges: [(left: String, right: String)],
        targetVocabulary: [(token: String, frequency: Int)]
    ) throws {
        let source = SubwordTokenizer(
            model: try BPEModel(merges: sourceMerges),
            vocabulary: try Vocabulary(entries: sourceVocabulary),
            normalizer: config.normalizer, reservedWords: config.reservedWords ?? []
        )
        let target = config.joint ? source : SubwordTokenizer(
            model: try BPEModel(merges: targetMerges),
            vocabulary: try Vocabulary(entries: targetVocabulary),
            normalizer: config.normalizer, reservedWords: config.reservedWords ?? []
        )
        self.init(config: config, source: source, target: target)
    }

    public init(config: SubwordConfig, source: SubwordTokenizer, target: SubwordTokenizer) {
        self.config = config
        self.source = source
        self.target = target
    }

    /// These models with `words` reserved: each becomes a vocabulary entry `▁word` of its own (appended with its
    /// frequency, unless learning already made it one) that BPE never splits, and the config records them, so a
    /// model file rebuilds the same tokenizers. Learn the BPE without the words in the text first.
    public func reserving(_ words: [(word: String, frequency: Int)]) -> SubwordModels {
        guard !words.isEmpty else { return self }
        var config = config
        config.reservedWords = (config.reservedWords ?? []) + words.map(\.word)
        func side(_ tokenizer: SubwordTokenizer) -> SubwordTokenizer {
            var entries = tokenizer.vocabulary.entries
            for (word, frequency) in words where !tokenizer.vocabulary.contains(BPEModel.wordBoundaryMarker + word) {
                entries.append((token: BPEModel.wordBoundaryMarker + word, frequency: frequency))
            }
            // The entries were a valid vocabulary and the additions are new, distinct tokens.
            return SubwordTokenizer(model: tokenizer.model, vocabulary: try! Vocabulary(entries: entries),
                                    normalizer: config.normalizer, reservedWords: config.reservedWords ?? [])
        }
        let source = side(self.source)
        return SubwordModels(config: config, source: source, target: config.joint ? source : side(target))
    }
}
