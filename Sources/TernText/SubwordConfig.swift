/// The settings that define how a pair of subword vocabularies is learned; stored with a model.
public struct SubwordConfig: Codable, Equatable, Hashable, Sendable {
    /// Upper bound on the number of BPE merges (per vocabulary when separate).
    public var merges: Int
    /// Pairs seen fewer times than this are never merged.
    public var minFrequency: Int
    /// One BPE model and vocabulary shared by source and target (true), or one of each (false).
    public var joint: Bool
    /// Whether text is lowercased during normalization.
    public var lowercase: Bool
    /// If set, learning stops once a vocabulary reaches this many entries, special tokens included.
    public var vocabularySize: Int?
    /// Words that are always one token of their own, never split by BPE (a tag such as `<BT>` on back-translated
    /// sources); nil or empty for none. Stored with the model, so resuming and translating treat them alike.
    public var reservedWords: [String]?

    public init(merges: Int = 8000, minFrequency: Int = 2, joint: Bool = true, lowercase: Bool = false, vocabularySize: Int? = nil,
                reservedWords: [String]? = nil) {
        self.merges = merges
        self.minFrequency = minFrequency
        self.joint = joint
        self.lowercase = lowercase
        self.vocabularySize = vocabularySize
        self.reservedWords = reservedWords
    }

    /// The normalizer these settings imply.
    public var normalizer: Normalizer { Normalizer(lowercase: lowercase) }

    /// The learner these settings imply.
    public var learner: BPELearner {
        BPELearner(merges: merges, minimumFrequency: minFrequency, targetVocabularySize: vocabularySize)
    }
}
