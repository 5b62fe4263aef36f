/// The sufficient statistics of corpus chrF: per character n-gram order, hypothesis, reference and matched counts.
///
/// As in sacreBLEU, corpus chrF sums these over all segments and computes a single F-score from the sums.
public struct ChrFStatistics: Sendable, Equatable {
    /// Hypothesis n-grams per order. Zero for an order whose reference has no n-grams, as sacreBLEU counts them
    /// ("don't count hits if no reference exists for that n-gram").
    public var hypothesisNGramCounts: [Int]
    /// Reference n-grams per order.
    public var referenceNGramCounts: [Int]
    /// Clipped matches per order.
    public var matchingNGramCounts: [Int]

    public init(hypothesisNGramCounts: [Int], referenceNGramCounts: [Int], matchingNGramCounts: [Int]) {
        self.hypothesisNGramCounts = hypothesisNGramCounts
        self.referenceNGramCounts = referenceNGramCounts
        self.matchingNGramCounts = matchingNGramCounts
    }

    /// Statistics of an empty corpus.
    public static func zero(order: Int) -> ChrFStatistics {
        let zeros = Array(repeating: 0, count: order)
        return ChrFStatistics(hypothesisNGramCounts: zeros, referenceNGramCounts: zeros, matchingNGramCounts: zeros)
    }

    /// Adds another segment's (or corpus's) statistics to these.
    public static func += (total: inout ChrFStatistics, other: ChrFStatistics) {
        precondition(total.matchingNGramCounts.count == other.matchingNGramCounts.count, "n-gram orders differ")
        for order in total.matchingNGramCounts.indices {
            total.hypothesisNGramCounts[order] += other.hypothesisNGramCounts[order]
            total.referenceNGramCounts[order] += other.referenceNGramCounts[order]
            total.matchingNGramCounts[order] += other.matchingNGramCounts[order]
        }
    }
}
