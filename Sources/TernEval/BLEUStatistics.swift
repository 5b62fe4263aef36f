/// The sufficient statistics of corpus BLEU: lengths and clipped n-gram matches, summed over sentences.
///
/// Corpus BLEU is not an average of sentence scores; sacreBLEU sums these numbers over all segments and computes
/// one score from the sums. Keeping them separate also lets later work (bootstrap resampling) re-score subsets.
public struct BLEUStatistics: Sendable, Equatable {
    /// Number of hypothesis tokens after 13a tokenisation (sacreBLEU's `sys_len`).
    public var hypothesisLength: Int
    /// Number of reference tokens (sacreBLEU's `ref_len`; with one reference, simply its length).
    public var referenceLength: Int
    /// Clipped n-gram matches for orders 1…4 (sacreBLEU's `counts`).
    public var matchingNGramCounts: [Int]
    /// Hypothesis n-grams for orders 1…4 (sacreBLEU's `totals`).
    public var hypothesisNGramCounts: [Int]

    public init(hypothesisLength: Int, referenceLength: Int, matchingNGramCounts: [Int], hypothesisNGramCounts: [Int]) {
        self.hypothesisLength = hypothesisLength
        self.referenceLength = referenceLength
        self.matchingNGramCounts = matchingNGramCounts
        self.hypothesisNGramCounts = hypothesisNGramCounts
    }

    /// Statistics of an empty corpus.
    public static func zero(maximumOrder: Int = BLEU.maximumOrder) -> BLEUStatistics {
        BLEUStatistics(
            hypothesisLength: 0, referenceLength: 0,
            matchingNGramCounts: Array(repeating: 0, count: maximumOrder),
            hypothesisNGramCounts: Array(repeating: 0, count: maximumOrder)
        )
    }

    /// Adds another segment's (or corpus's) statistics to these.
    public static func += (total: inout BLEUStatistics, other: BLEUStatistics) {
        precondition(total.matchingNGramCounts.count == other.matchingNGramCounts.count, "n-gram orders differ")
        total.hypothesisLength += other.hypothesisLength
        total.referenceLength += other.referenceLength
        for order in total.matchingNGramCounts.indices {
            total.matchingNGramCounts[order] += other.matchingNGramCounts[order]
            total.hypothesisNGramCounts[order] += other.hypothesisNGramCounts[order]
        }
    }
}
