/// How a tokenizer cuts a body of text: subword tokens per word and the share of `<unk>` tokens.
public struct SegmentationStatistics: Equatable, Sendable {
    public var lines = 0
    /// Space-separated words after normalization.
    public var words = 0
    /// Subword tokens, `</s>` not included.
    public var tokens = 0
    public var unknownTokens = 0

    public init() {}

    /// Measures the segmentation of `lines` by `tokenizer`.
    public init(lines: [String], tokenizer: SubwordTokenizer) {
        var ids: [Int] = []
        for line in lines {
            let normalized = tokenizer.normalizer.normalize(line)
            ids.removeAll(keepingCapacity: true)
            tokenizer.encoder.encode(normalizedText: normalized, appendingTo: &ids)
            self.lines += 1
            words += Normalizer.words(ofNormalized: normalized).count
            tokens += ids.count
            unknownTokens += ids.reduce(0) { $0 + ($1 == Vocabulary.unknownId ? 1 : 0) }
        }
    }

    /// Average subword tokens per word (0 for no words).
    public var tokensPerWord: Double { words == 0 ? 0 : Double(tokens) / Double(words) }
    /// Share of tokens that are `<unk>` (0 for no tokens).
    public var unknownRate: Double { tokens == 0 ? 0 : Double(unknownTokens) / Double(tokens) }
}
