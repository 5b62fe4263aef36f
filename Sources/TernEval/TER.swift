import Foundation

/// Corpus TER (translation edit rate, Snover et al. 2006) computed exactly as sacreBLEU 2.6.0's `TER()` does by
/// default.
///
/// Defaults reproduced: **case-insensitive** (sacreBLEU's `case_sensitive=False`, signature `case:lc` — unlike its
/// BLEU and chrF), the `tercom` tokeniser with normalisation and punctuation removal off, so a segment is
/// right-stripped, lowercased as Python's `str.lower()` does and split on whitespace; one reference per segment.
/// Each segment contributes its edit count (see ``ShiftSearch``) and its reference length; corpus TER is the sum of
/// edits over the sum of reference lengths, in percent — not a mean of sentence scores. Lower is better, and it can
/// exceed 100 when the hypothesis is much longer than the reference.
public struct TER: Sendable {
    /// Compare words with their case. sacreBLEU's default, and Tern's, is false.
    public let caseSensitive: Bool

    public init(caseSensitive: Bool = false) {
        self.caseSensitive = caseSensitive
    }

    /// The reproducibility signature: `nrefs:1|case:lc|tok:tercom|norm:no|punct:yes|asian:no|version:2.6.0`.
    public var signature: MetricSignature {
        MetricSignature(fields: [
            .init(key: "nrefs", value: "1"),
            .init(key: "case", value: caseSensitive ? "mixed" : "lc"),
            .init(key: "tok", value: "tercom"),
            .init(key: "norm", value: "no"),
            .init(key: "punct", value: "yes"),
            .init(key: "asian", value: "no"),
            .init(key: "version", value: MetricSignature.sacreBLEUVersion),
        ])
    }

    /// Scores a corpus: one hypothesis and one reference per segment, in the same order.
    /// - Throws: ``EvaluationError/lineCountMismatch(hypothesisCount:referenceCount:)`` if the counts differ.
    public func corpusScore(hypotheses: [String], references: [String]) throws -> TERScore {
        Self.score(from: try corpusStatistics(hypotheses: hypotheses, references: references))
    }

    /// The summed edits and reference lengths of a corpus.
    public func corpusStatistics(hypotheses: [String], references: [String]) throws -> TERStatistics {
        guard hypotheses.count == references.count else {
            throw EvaluationError.lineCountMismatch(hypothesisCount: hypotheses.count, referenceCount: references.count)
        }
        var vocabulary = TokenVocabulary()
        var total = TERStatistics(edits: 0, referenceLength: 0)
        for (hypothesis, reference) in zip(hypotheses, references) {
            let hypothesisWords = vocabulary.identifiers(for: words(of: hypothesis))
            let referenceWords = vocabulary.identifiers(for: words(of: reference))
            total += TERStatistics(
                edits: ShiftSearch.edits(hypothesis: hypothesisWords, reference: referenceWords),
                referenceLength: referenceWords.count)
        }
        return total
    }

    /// The words TER aligns: the `tercom` tokeniser with sacreBLEU's default options is only lowercasing and
    /// Python's `str.split()`.
    func words(of segment: String) -> [ArraySlice<UInt32>] {
        let codePoints = PythonText.codePoints(of: segment)
        return PythonText.splitOnWhitespace(caseSensitive ? codePoints : PythonText.lowercased(codePoints))
    }

    /// sacreBLEU's `TER._compute_score_from_stats`: edits per reference word, in percent; an empty reference side
    /// scores 100 if anything had to be deleted and 0 otherwise.
    public static func score(from statistics: TERStatistics) -> TERScore {
        let rate: Double
        if statistics.referenceLength > 0 {
            rate = Double(statistics.edits) / Double(statistics.referenceLength)
        } else {
            rate = statistics.edits > 0 ? 1 : 0
        }
        return TERScore(score: 100 * rate, edits: statistics.edits, referenceLength: statistics.referenceLength)
    }
}
