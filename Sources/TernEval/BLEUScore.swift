import Foundation

/// A corpus BLEU score with everything sacreBLEU reports next to it.
///
/// Scores and precisions are percentages (0…100), as in sacreBLEU. ``formatted`` reproduces sacreBLEU's text line,
/// and the JSON keys are sacreBLEU's own names (`bp`, `hyp_len`, `counts`, …) so that tools reading either agree.
public struct BLEUScore: Sendable, Equatable, Codable {
    /// BLEU, 0…100.
    public let score: Double
    /// Modified n-gram precisions for orders 1…4, in percent, after smoothing.
    public let precisions: [Double]
    /// The brevity penalty, 0…1.
    public let brevityPenalty: Double
    /// Hypothesis length divided by reference length (0 when the reference is empty, as in sacreBLEU).
    public let ratio: Double
    /// Hypothesis tokens.
    public let hypothesisLength: Int
    /// Reference tokens.
    public let referenceLength: Int
    /// Clipped n-gram matches per order.
    public let matchingNGramCounts: [Int]
    /// Hypothesis n-grams per order.
    public let hypothesisNGramCounts: [Int]

    public init(
        score: Double, precisions: [Double], brevityPenalty: Double, ratio: Double,
        hypothesisLength: Int, referenceLength: Int, matchingNGramCounts: [Int], hypothesisNGramCounts: [Int]
    ) {
        self.score = score
        self.precisions = precisions
        self.brevityPenalty = brevityPenalty
        self.ratio = ratio
        self.hypothesisLength = hypothesisLength
        self.referenceLength = referenceLength
        self.matchingNGramCounts = matchingNGramCounts
        self.hypothesisNGramCounts = hypothesisNGramCounts
    }

    /// sacreBLEU's text line, e.g. `BLEU = 12.73 45.2/18.0/8.1/3.9 (BP = 1.000 ratio = 1.011 hyp_len = 2340 ref_len = 2315)`.
    ///
    /// `String(format:)` and Python's format specifiers both round the exact binary value to nearest, ties to even,
    /// so the digits agree whenever the underlying doubles do.
    public var formatted: String {
        let precisionText = precisions.map { String(format: "%.1f", $0) }.joined(separator: "/")
        return "BLEU = \(String(format: "%.2f", score)) \(precisionText) "
            + "(BP = \(String(format: "%.3f", brevityPenalty)) ratio = \(String(format: "%.3f", ratio)) "
            + "hyp_len = \(hypothesisLength) ref_len = \(referenceLength))"
    }

    enum CodingKeys: String, CodingKey {
        case score, precisions, ratio
        case brevityPenalty = "bp"
        case hypothesisLength = "hyp_len"
        case referenceLength = "ref_len"
        case matchingNGramCounts = "counts"
        case hypothesisNGramCounts = "totals"
    }
}
