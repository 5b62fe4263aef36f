import Foundation

/// Error analysis of a set of translations: where they go wrong, not only how much.
///
/// Computed from plain strings (hypotheses, references and, when known, sources), so it serves `tern evaluate
/// --details` with a model or with a file of translations alike. What it measures:
/// - **length buckets**: corpus BLEU and chrF of the segments whose source has 0–9, 10–19, … 50–59 and 60 or more
///   words (compare-mt's buckets); only when the sources are given, only buckets that hold a segment;
/// - **worst sentences**: the lowest sentence chrF (sacreBLEU's `sentence_score`, i.e. chrF of that one segment), ties
///   by line number;
/// - **missed and inserted words**: per segment, a reference token occurring `r` times and `h` times in the
///   hypothesis is missed `max(0, r − h)` times and inserted `max(0, h − r)` times (clipped counts), summed over the
///   corpus. Tokens are BLEU's (13a, case-sensitive), so punctuation is its own token and the missed total equals
///   the reference length minus BLEU's matched unigrams;
/// - **copies**: hypotheses equal to their non-empty source after whitespace normalisation (only with sources);
/// - **`<unk>` rate**: whitespace-separated hypothesis words that are exactly `<unk>`, per hypothesis word;
/// - **length ratio**: hypothesis words over reference words (whitespace-separated, so it differs from BLEU's
///   ratio of 13a tokens where there is punctuation);
/// - **repetition**: the share of hypotheses in which some word 3-gram occurs 3 or more times — a loop such as
///   "y la tierra y la tierra y la tierra", not a word that is merely frequent.
public struct TranslationDetails: Sendable, Equatable {
    /// The source-length buckets are [0, 10), [10, 20), … and [`lastBucketStart`, ∞), in words.
    public static let bucketWidth = 10
    public static let lastBucketStart = 60
    /// A hypothesis repeats itself when one word n-gram of this order…
    public static let repetitionOrder = 3
    /// …occurs at least this often.
    public static let repetitionCount = 3
    /// The literal token an NMT vocabulary writes for an unknown word.
    public static let unknownToken = "<unk>"

    /// Corpus scores of the segments whose source length falls in one bucket.
    public struct Bucket: Sendable, Equatable {
        /// Fewest source words in the bucket.
        public let minimumWords: Int
        /// Most source words in the bucket; nil for the last, open bucket.
        public let maximumWords: Int?
        public let segments: Int
        public let bleu: Double
        public let chrF: Double

        /// `0-9`, `10-19`, … `60+`.
        public var label: String {
            maximumWords.map { "\(minimumWords)-\($0)" } ?? "\(minimumWords)+"
        }
    }

    /// One segment with its sentence chrF. In JSON, `source` is left out when unknown.
    public struct Sentence: Sendable, Equatable, Encodable {
        /// 1-based line number.
        public let line: Int
        public let chrF: Double
        public let source: String?
        public let reference: String
        public let hypothesis: String

        enum CodingKeys: String, CodingKey {
            case line, source, reference, hypothesis
            case chrF = "chrf"
        }
    }

    /// A token and how often it was missed (or inserted).
    public struct WordCount: Sendable, Equatable, Encodable {
        public let word: String
        public let count: Int
    }

    public let segments: Int
    /// nil when no sources were given.
    public let buckets: [Bucket]?
    /// Lowest sentence chrF first.
    public let worst: [Sentence]
    /// Most often missed first; ties in code-point order of the word.
    public let missed: [WordCount]
    /// Most often inserted first; ties in code-point order of the word.
    public let inserted: [WordCount]
    /// Hypotheses that copy their source; nil when no sources were given.
    public let copies: Int?
    public let unknownTokens: Int
    public let hypothesisWords: Int
    public let referenceWords: Int
    /// Hypotheses with a repeated n-gram (see ``repetitionOrder`` and ``repetitionCount``).
    public let repetitions: Int

    /// - Parameters:
    ///   - sources: The source of each segment, for length buckets and copies; nil if unknown.
    ///   - worstCount: How many of the worst sentences to keep.
    ///   - wordCount: How many missed and inserted words to keep.
    /// - Throws: ``EvaluationError/lineCountMismatch(hypothesisCount:referenceCount:)`` if hypotheses and references
    ///   differ in number, ``EvaluationError/sourceCountMismatch(sourceCount:referenceCount:)`` if the sources do.
    public init(hypotheses: [String], references: [String], sources: [String]? = nil,
                worstCount: Int = 10, wordCount: Int = 10) throws {
        guard hypotheses.count == references.count else {
            throw EvaluationError.lineCountMismatch(hypothesisCount: hypotheses.count, referenceCount: references.count)
        }
        if let sources, sources.count != references.count {
            throw EvaluationError.sourceCountMismatch(sourceCount: sources.count, referenceCount: references.count)
        }
        segments = hypotheses.count
        buckets = try sources.map { try Self.buckets(hypotheses: hypotheses, references: references, sources: $0) }
        worst = try Self.worst(hypotheses: hypotheses, references: references, sources: sources, count: worstCount)
        (missed, inserted) = Self.missedAndInserted(hypotheses: hypotheses, references: references, count: wordCount)

        let hypothesisWordLists = hypotheses.map(Self.words)
        copies = sources.map { sources in
            zip(hypothesisWordLists, sources).filter { hypothesis, source in
                // An empty hypothesis for an empty source is a correct translation, not a copy.
                let sourceWords = Self.words(source)
                return !sourceWords.isEmpty && hypothesis == sourceWords
            }.count
        }
        hypothesisWords = hypothesisWordLists.reduce(0) { $0 + $1.count }
        referenceWords = references.reduce(0) { $0 + Self.words($1).count }
        let unknown = PythonText.codePoints(of: Self.unknownToken)
        unknownTokens = hypothesisWordLists.reduce(0) { total, words in
            total + words.filter { $0 == unknown }.count
        }
        repetitions = hypothesisWordLists.filter(Self.repeatsAnNGram).count
    }

    /// Copies per segment, 0…1; nil without sources.
    public var copyRate: Double? { copies.map { segments > 0 ? Double($0) / Double(segments) : 0 } }
    /// `<unk>` tokens per hypothesis word, 0…1.
    public var unknownRate: Double { hypothesisWords > 0 ? Double(unknownTokens) / Double(hypothesisWords) : 0 }
    /// Hypothesis words per reference word (0 when the references are empty, as BLEU's ratio).
    public var lengthRatio: Double { referenceWords > 0 ? Double(hypothesisWords) / Double(referenceWords) : 0 }
    /// Share of hypotheses that repeat an n-gram, 0…1.
    public var repetitionRate: Double { segments > 0 ? Double(repetitions) / Double(segments) : 0 }

    /// Python's `str.split()`. Words are compared as code points, as everywhere in TernEval: "é" and "e\u{301}"
    /// are different words to sacreBLEU.
    static func words(_ text: String) -> [[UInt32]] {
        PythonText.splitOnWhitespace(PythonText.codePoints(of: text)).map { Array($0) }
    }

    static func bucketIndex(forSourceLength length: Int) -> Int {
        min(length, lastBucketStart) / bucketWidth
    }

    static func buckets(hypotheses: [String], references: [String], sources: [String]) throws -> [Bucket] {
        var members: [Int: [Int]] = [:]
        for (segment, source) in sources.enumerated() {
            members[bucketIndex(forSourceLength: words(source).count), default: []].append(segment)
        }
        return try members.keys.sorted().map { index in
            let segments = members[index]!
            let bucketHypotheses = segments.map { hypotheses[$0] }
            let bucketReferences = segments.map { references[$0] }
            let minimum = index * bucketWidth
            return Bucket(
                minimumWords: minimum,
                maximumWords: minimum >= lastBucketStart ? nil : minimum + bucketWidth - 1,
                segments: segments.count,
                bleu: try BLEU().corpusScore(hypotheses: bucketHypotheses, references: bucketReferences).score,
                chrF: try ChrF().corpusScore(hypotheses: bucketHypotheses, references: bucketReferences).score)
        }
    }

    static func worst(hypotheses: [String], references: [String], sources: [String]?, count: Int) throws -> [Sentence] {
        let chrF = ChrF()
        let scored = try hypotheses.indices.map { index in
            (index, try chrF.corpusScore(hypotheses: [hypotheses[index]], references: [references[index]]).score)
        }
        // Sorting by (score, index) keeps equal scores in file order.
        let lowest = scored.sorted { $0.1 != $1.1 ? $0.1 < $1.1 : $0.0 < $1.0 }.prefix(max(0, count))
        return lowest.map { index, score in
            Sentence(line: index + 1, chrF: score, source: sources?[index],
                     reference: references[index], hypothesis: hypotheses[index])
        }
    }

    static func missedAndInserted(hypotheses: [String], references: [String], count: Int) -> ([WordCount], [WordCount]) {
        let tokenizer = Tokenizer13a()
        var missed: [[UInt32]: Int] = [:]
        var inserted: [[UInt32]: Int] = [:]
        for (hypothesis, reference) in zip(hypotheses, references) {
            // BLEU's preprocessing: right-strip, then 13a.
            func counts(_ text: String) -> [[UInt32]: Int] {
                let codePoints = PythonText.trimmingTrailingWhitespace(PythonText.codePoints(of: text))
                return tokenizer.tokens(of: codePoints).reduce(into: [:]) { $0[Array($1), default: 0] += 1 }
            }
            let hypothesisCounts = counts(hypothesis)
            let referenceCounts = counts(reference)
            for (token, referenceCount) in referenceCounts where referenceCount > hypothesisCounts[token, default: 0] {
                missed[token, default: 0] += referenceCount - hypothesisCounts[token, default: 0]
            }
            for (token, hypothesisCount) in hypothesisCounts where hypothesisCount > referenceCounts[token, default: 0] {
                inserted[token, default: 0] += hypothesisCount - referenceCounts[token, default: 0]
            }
        }
        func top(_ counts: [[UInt32]: Int]) -> [WordCount] {
            counts.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key.lexicographicallyPrecedes($1.key) }
                .prefix(max(0, count))
                .map { WordCount(word: PythonText.string(from: $0.key), count: $0.value) }
        }
        return (top(missed), top(inserted))
    }

    static func repeatsAnNGram(_ words: [[UInt32]]) -> Bool {
        guard words.count >= repetitionOrder else { return false }
        var counts: [ArraySlice<[UInt32]>: Int] = [:]
        for start in 0...(words.count - repetitionOrder) {
            let gram = words[start..<(start + repetitionOrder)]
            counts[gram, default: 0] += 1
            if counts[gram]! >= repetitionCount { return true }
        }
        return false
    }
}
