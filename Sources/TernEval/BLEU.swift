import Foundation

/// Corpus BLEU computed exactly as sacreBLEU 2.6.0's `BLEU()` does by default.
///
/// Defaults reproduced: 13a tokenisation, case-sensitive, n-grams up to order 4, `exp` smoothing, effective order off,
/// one reference per segment. Each segment is right-stripped, tokenised and reduced to clipped n-gram counts; the
/// counts are summed over the corpus and turned into one score by ``score(from:)``.
public struct BLEU: Sendable {
    /// The largest n-gram order, sacreBLEU's `MAX_NGRAM_ORDER`.
    public static let maximumOrder = 4

    public let tokenizer = Tokenizer13a()

    public init() {}

    /// The reproducibility signature: `nrefs:1|case:mixed|eff:no|tok:13a|smooth:exp|version:2.6.0`.
    public var signature: MetricSignature {
        MetricSignature(fields: [
            .init(key: "nrefs", value: "1"),
            .init(key: "case", value: "mixed"),
            .init(key: "eff", value: "no"),
            .init(key: "tok", value: Tokenizer13a.signatureName),
            .init(key: "smooth", value: "exp"),
            .init(key: "version", value: MetricSignature.sacreBLEUVersion),
        ])
    }

    /// Scores a corpus: one hypothesis and one reference per segment, in the same order.
    /// - Throws: ``EvaluationError/lineCountMismatch(hypothesisCount:referenceCount:)`` if the counts differ.
    public func corpusScore(hypotheses: [String], references: [String]) throws -> BLEUScore {
        Self.score(from: try corpusStatistics(hypotheses: hypotheses, references: references))
    }

    /// The summed sufficient statistics of a corpus.
    public func corpusStatistics(hypotheses: [String], references: [String]) throws -> BLEUStatistics {
        guard hypotheses.count == references.count else {
            throw EvaluationError.lineCountMismatch(hypothesisCount: hypotheses.count, referenceCount: references.count)
        }
        var vocabulary = TokenVocabulary()
        var table = NGramCountTable()
        var total = BLEUStatistics.zero()
        for (hypothesis, reference) in zip(hypotheses, references) {
            total += segmentStatistics(
                hypothesis: vocabulary.identifiers(for: preprocess(hypothesis)),
                reference: vocabulary.identifiers(for: preprocess(reference)),
                table: &table
            )
        }
        return total
    }

    /// sacreBLEU's `_preprocess_segment`: `tokenizer(sent.rstrip())`. The strip happens before 13a's `-\n` join,
    /// so a hyphen that ends a segment stays a hyphen.
    func preprocess(_ segment: String) -> [ArraySlice<UInt32>] {
        tokenizer.tokens(of: PythonText.trimmingTrailingWhitespace(PythonText.codePoints(of: segment)))
    }

    /// Clipped n-gram matches of one segment against its single reference.
    ///
    /// Each hypothesis n-gram consumes one remaining reference occurrence, which sums to sacreBLEU's
    /// Σ min(hypothesis count, reference count) without building a second count table.
    func segmentStatistics(hypothesis: [UInt32], reference: [UInt32], table: inout NGramCountTable) -> BLEUStatistics {
        table = table.cleared(forAtMost: reference.count * Self.maximumOrder)
        let referenceTable = table
        WordNGram.forEach(in: reference, maximumOrder: Self.maximumOrder) { key, _ in
            referenceTable.increment(key)
        }
        var statistics = BLEUStatistics.zero()
        statistics.hypothesisLength = hypothesis.count
        statistics.referenceLength = reference.count
        WordNGram.forEach(in: hypothesis, maximumOrder: Self.maximumOrder) { key, order in
            statistics.hypothesisNGramCounts[order - 1] += 1
            if case .consumed = referenceTable.consume(key) {
                statistics.matchingNGramCounts[order - 1] += 1
            }
        }
        return statistics
    }

    /// Turns summed statistics into a score, following sacreBLEU's `BLEU.compute_bleu` with `smooth_method='exp'`.
    ///
    /// The arithmetic is done in the same order as sacreBLEU's so that the doubles, not just the rounded digits, agree.
    public static func score(from statistics: BLEUStatistics) -> BLEUScore {
        let maximumOrder = statistics.matchingNGramCounts.count
        let hypothesisLength = statistics.hypothesisLength
        let referenceLength = statistics.referenceLength

        var brevityPenalty = 1.0
        if hypothesisLength < referenceLength {
            brevityPenalty = hypothesisLength > 0 ? exp(1 - Double(referenceLength) / Double(hypothesisLength)) : 0
        }
        let ratio = referenceLength > 0 ? Double(hypothesisLength) / Double(referenceLength) : 0

        func result(_ score: Double, _ precisions: [Double]) -> BLEUScore {
            BLEUScore(
                score: score, precisions: precisions, brevityPenalty: brevityPenalty, ratio: ratio,
                hypothesisLength: hypothesisLength, referenceLength: referenceLength,
                matchingNGramCounts: statistics.matchingNGramCounts,
                hypothesisNGramCounts: statistics.hypothesisNGramCounts
            )
        }

        var precisions = Array(repeating: 0.0, count: maximumOrder)
        // sacreBLEU returns 0 with all-zero precisions when nothing matches at any order (its issue #141).
        if statistics.matchingNGramCounts.allSatisfy({ $0 == 0 }) {
            return result(0, precisions)
        }

        // 'exp' smoothing (Chen & Cherry's method 3, NIST's mteval-v13a): the k-th order with zero matches gets
        // precision 1 / (2^k · total), so each further empty order is penalised twice as hard. It is not a floor.
        var smoothing = 1.0
        for order in 0..<maximumOrder {
            let total = statistics.hypothesisNGramCounts[order]
            // No hypothesis n-grams of this order (every segment shorter than n): sacreBLEU stops here and leaves
            // this and higher precisions at 0, which makes the score 0 unless effective order were on.
            if total == 0 { break }
            let matches = statistics.matchingNGramCounts[order]
            if matches == 0 {
                smoothing *= 2
                precisions[order] = 100.0 / (smoothing * Double(total))
            } else {
                precisions[order] = 100.0 * Double(matches) / Double(total)
            }
        }

        // Geometric mean with sacreBLEU's `my_log`, which maps log(0) to -9999999999 rather than -inf.
        var logSum = 0.0
        for precision in precisions {
            logSum += precision == 0 ? -9_999_999_999 : log(precision)
        }
        return result(brevityPenalty * exp(logSum / Double(maximumOrder)), precisions)
    }
}
