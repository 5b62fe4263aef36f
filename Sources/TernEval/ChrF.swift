import Foundation

/// Corpus chrF computed exactly as sacreBLEU 2.6.0's `CHRF()` does by default.
///
/// Defaults reproduced: character n-grams of orders 1…6, no word n-grams (plain chrF, not chrF++), β = 2,
/// case-sensitive, whitespace removed before extracting n-grams, and `eps_smoothing=False`. The last means the
/// F-score is computed from precision and recall *averaged over the orders where both hypothesis and reference have
/// n-grams* (the "effective order" of sacreBLEU < 2.0), not from the mean of per-order F-scores.
public struct ChrF: Sendable {
    /// The character n-gram order, sacreBLEU's `CHAR_ORDER` by default.
    public let characterOrder: Int
    /// β, sacreBLEU's `BETA` by default.
    public let beta: Int

    /// - Parameters:
    ///   - characterOrder: 1…6; n-grams are packed into fixed-size keys, which bounds the order.
    ///   - beta: Weight of recall relative to precision.
    public init(characterOrder: Int = 6, beta: Int = 2) {
        precondition((1...CharacterNGram.maximumOrder).contains(characterOrder), "chrF character order must be 1…6")
        precondition(beta >= 0, "chrF β must not be negative")
        self.characterOrder = characterOrder
        self.beta = beta
    }

    /// The reproducibility signature: `nrefs:1|case:mixed|eff:yes|nc:6|nw:0|space:no|version:2.6.0`.
    public var signature: MetricSignature {
        MetricSignature(fields: [
            .init(key: "nrefs", value: "1"),
            .init(key: "case", value: "mixed"),
            .init(key: "eff", value: "yes"),
            .init(key: "nc", value: String(characterOrder)),
            .init(key: "nw", value: "0"),
            .init(key: "space", value: "no"),
            .init(key: "version", value: MetricSignature.sacreBLEUVersion),
        ])
    }

    /// Scores a corpus: one hypothesis and one reference per segment, in the same order.
    /// - Throws: ``EvaluationError/lineCountMismatch(hypothesisCount:referenceCount:)`` if the counts differ.
    public func corpusScore(hypotheses: [String], references: [String]) throws -> ChrFScore {
        score(from: try corpusStatistics(hypotheses: hypotheses, references: references))
    }

    /// The summed sufficient statistics of a corpus.
    public func corpusStatistics(hypotheses: [String], references: [String]) throws -> ChrFStatistics {
        guard hypotheses.count == references.count else {
            throw EvaluationError.lineCountMismatch(hypothesisCount: hypotheses.count, referenceCount: references.count)
        }
        var total = ChrFStatistics.zero(order: characterOrder)
        var table = NGramCountTable()
        for (hypothesis, reference) in zip(hypotheses, references) {
            total += segmentStatistics(hypothesis: hypothesis, reference: reference, table: &table)
        }
        return total
    }

    /// sacreBLEU's `_get_match_statistics` for each order of one segment.
    ///
    /// n-grams are taken from the text with every whitespace code point removed (`''.join(line.split())`), so
    /// they span word boundaries; there are `length - n + 1` of each order.
    func segmentStatistics(hypothesis: String, reference: String, table: inout NGramCountTable) -> ChrFStatistics {
        let hypothesisText = PythonText.removingWhitespace(PythonText.codePoints(of: hypothesis))
        let referenceText = PythonText.removingWhitespace(PythonText.codePoints(of: reference))
        var statistics = ChrFStatistics.zero(order: characterOrder)
        statistics.matchingNGramCounts = CharacterNGram.matches(
            hypothesis: hypothesisText, reference: referenceText, maximumOrder: characterOrder, table: &table)
        for order in 1...characterOrder {
            let referenceCount = max(0, referenceText.count - order + 1)
            // An order the reference lacks contributes no hypothesis n-grams either ("don't count hits if no
            // reference exists"), so a short reference does not lower precision at orders it could never match.
            statistics.hypothesisNGramCounts[order - 1] = referenceCount == 0 ? 0 : max(0, hypothesisText.count - order + 1)
            statistics.referenceNGramCounts[order - 1] = referenceCount
        }
        return statistics
    }

    /// Turns summed statistics into a score, following sacreBLEU's `CHRF._compute_f_score` without ε smoothing.
    public func score(from statistics: ChrFStatistics) -> ChrFScore {
        let factor = Double(beta * beta)
        var averagePrecision = 0.0
        var averageRecall = 0.0
        var effectiveOrder = 0
        for order in statistics.matchingNGramCounts.indices {
            let hypothesisCount = statistics.hypothesisNGramCounts[order]
            let referenceCount = statistics.referenceNGramCounts[order]
            // Orders where either side has no n-grams are left out of the averages rather than counted as zero.
            guard hypothesisCount > 0, referenceCount > 0 else { continue }
            let matches = Double(statistics.matchingNGramCounts[order])
            averagePrecision += matches / Double(hypothesisCount)
            averageRecall += matches / Double(referenceCount)
            effectiveOrder += 1
        }
        if effectiveOrder == 0 {
            averagePrecision = 0
            averageRecall = 0
        } else {
            averagePrecision /= Double(effectiveOrder)
            averageRecall /= Double(effectiveOrder)
        }

        var value = 0.0
        if averagePrecision + averageRecall != 0 {
            value = (1 + factor) * averagePrecision * averageRecall
            value /= factor * averagePrecision + averageRecall
            value *= 100
        }
        return ChrFScore(score: value, characterOrder: characterOrder, beta: beta)
    }
}
