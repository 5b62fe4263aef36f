/// Maps subword tokens to integer ids and back, keeping each token's training frequency.
///
/// ## Special ids
/// The first four ids are fixed, in the order the project's golden test models use:
///
/// | id | token | meaning |
/// |---|---|---|
/// | 0 | `<pad>` | padding in a batch |
/// | 1 | `<s>` | beginning of sentence (decoder start) |
/// | 2 | `</s>` | end of sentence |
/// | 3 | `<unk>` | anything not in the vocabulary |
///
/// Learned tokens follow from id 4, most frequent first, ties in code-point order of the token. Learned
/// vocabularies hold every symbol a model can produce — the marker, every character seen in training, every merge
/// result — even those whose frequency on the training text ends up 0, so encoding covered text never yields
/// `<unk>`.
public struct Vocabulary: Equatable, Sendable {
    // Names for ``SpecialToken``'s ids and texts, where the vocabulary's `Int` ids are used.
    public static let paddingToken = SpecialToken.padding.text
    public static let beginOfSentenceToken = SpecialToken.beginOfSentence.text
    public static let endOfSentenceToken = SpecialToken.endOfSentence.text
    public static let unknownToken = SpecialToken.unknown.text
    public static let paddingId = SpecialToken.padding.id
    public static let beginOfSentenceId = SpecialToken.beginOfSentence.id
    public static let endOfSentenceId = SpecialToken.endOfSentence.id
    public static let unknownId = SpecialToken.unknown.id
    /// The special tokens in id order.
    public static let specialTokens = SpecialToken.allCases.map(\.text)

    /// Tokens in id order, special tokens first.
    public let tokens: [String]
    /// Frequencies in id order.
    public let frequencies: [Int]
    private let idsByToken: [String: Int]

    /// Rebuilds a vocabulary from entries in id order, exactly as ``entries`` returns them.
    ///
    /// - Throws: ``TextError/invalidVocabulary(reason:)`` unless the entries start with the four special tokens in
    ///   order, tokens are non-empty and distinct, and frequencies are not negative.
    public init(entries: [(token: String, frequency: Int)]) throws {
        guard entries.count >= Vocabulary.specialTokens.count,
              zip(entries, Vocabulary.specialTokens).allSatisfy({ $0.token == $1 })
        else {
            throw TextError.invalidVocabulary(reason: "must start with \(Vocabulary.specialTokens.joined(separator: " "))")
        }
        var idsByToken: [String: Int] = [:]
        idsByToken.reserveCapacity(entries.count)
        for (id, entry) in entries.enumerated() {
            if entry.token.isEmpty { throw TextError.invalidVocabulary(reason: "token \(id) is empty") }
            if entry.frequency < 0 { throw TextError.invalidVocabulary(reason: "token \(id) has a negative frequency") }
            if let earlier = idsByToken.updateValue(id, forKey: entry.token) {
                throw TextError.invalidVocabulary(reason: "token \(entry.token) appears as id \(earlier) and \(id)")
            }
        }
        tokens = entries.map(\.token)
        frequencies = entries.map(\.frequency)
        self.idsByToken = idsByToken
    }

    /// A vocabulary of the special tokens (frequency 0) followed by `tokenFrequencies`, most frequent first.
    ///
    /// Special tokens among the keys are ignored: their ids are fixed.
    public init(tokenFrequencies: [String: Int]) {
        let specials = Set(Vocabulary.specialTokens)
        let learned = tokenFrequencies
            .filter { !specials.contains($0.key) && !$0.key.isEmpty }
            .sorted { $0.value != $1.value ? $0.value > $1.value : $0.key.unicodeScalars.lexicographicallyPrecedes($1.key.unicodeScalars) }
        let entries = Vocabulary.specialTokens.map { (token: $0, frequency: 0) } + learned.map { (token: $0.key, frequency: max(0, $0.value)) }
        // The entries are built to satisfy every check.
        try! self.init(entries: entries)
    }

    /// The vocabulary of everything `model` can produce from text drawn from `wordCounts`, with the frequency of
    /// each token in the segmentation of those words.
    public init(model: BPEModel, wordCounts: WordCounts) {
        var entries: [(word: String, frequency: Int)] = []
        entries.reserveCapacity(wordCounts.distinctWords)
        wordCounts.forEach { entries.append(($0, $1)) }
        var alphabet = Set<Unicode.Scalar>()
        for (word, _) in entries { alphabet.formUnion(word.unicodeScalars) }
        alphabet.remove(BPEModel.wordBoundaryScalar)
        let table = MergeTable(model: model, extraSymbols: alphabet.map { String($0) })
        var symbolFrequencies = [Int](repeating: 0, count: table.strings.count)
        var symbols: [Int32] = []
        for (word, frequency) in entries {
            table.segment(word, into: &symbols)
            for symbol in symbols where symbol >= 0 { symbolFrequencies[Int(symbol)] += frequency }
        }
        var tokenFrequencies: [String: Int] = [:]
        for (symbol, string) in table.strings.enumerated() { tokenFrequencies[string] = symbolFrequencies[symbol] }
        self.init(tokenFrequencies: tokenFrequencies)
    }

    /// The entries in id order, special tokens first: the serialized form.
    public var entries: [(token: String, frequency: Int)] {
        zip(tokens, frequencies).map { (token: $0, frequency: $1) }
    }

    /// Number of entries, special tokens included.
    public var count: Int { tokens.count }

    /// The id of `token`, or ``unknownId`` when absent.
    public func id(of token: String) -> Int { idsByToken[token] ?? Vocabulary.unknownId }

    /// Whether `token` has an entry.
    public func contains(_ token: String) -> Bool { idsByToken[token] != nil }

    /// The token of an id; out-of-range ids read as `<unk>`.
    public func token(at id: Int) -> String { tokens.indices.contains(id) ? tokens[id] : Vocabulary.unknownToken }

    /// The training frequency of an id's token (0 out of range).
    public func frequency(at id: Int) -> Int { frequencies.indices.contains(id) ? frequencies[id] : 0 }

    /// The ids of a sentence's pieces, optionally followed by `</s>`.
    public func encode(pieces: [String], appendEndOfSentence: Bool = false) -> [Int] {
        var ids = pieces.map { id(of: $0) }
        if appendEndOfSentence { ids.append(Vocabulary.endOfSentenceId) }
        return ids
    }

    /// The pieces of ids up to the first `</s>`, leaving out `<pad>` and `<s>`; `<unk>` stays as the token
    /// `<unk>` so a loss of content stays visible.
    public func pieces(of ids: [Int]) -> [String] {
        var pieces: [String] = []
        for id in ids {
            if id == Vocabulary.endOfSentenceId { break }
            if id == Vocabulary.paddingId || id == Vocabulary.beginOfSentenceId { continue }
            pieces.append(token(at: id))
        }
        return pieces
    }

    /// The text of ids: ``pieces(of:)`` joined by ``Detokenizer``.
    public func decode(_ ids: [Int]) -> String {
        Detokenizer.detokenize(pieces(of: ids))
    }

    public static func == (lhs: Vocabulary, rhs: Vocabulary) -> Bool {
        lhs.tokens == rhs.tokens && lhs.frequencies == rhs.frequencies
    }
}
