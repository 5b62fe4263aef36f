import Foundation

/// A corpus TER score with the counts it is computed from.
public struct TERScore: Sendable, Equatable, Codable {
    /// TER in percent: 0 for a perfect match, above 100 possible. Lower is better.
    public let score: Double
    /// Total edits.
    public let edits: Int
    /// Total reference words.
    public let referenceLength: Int

    public init(score: Double, edits: Int, referenceLength: Int) {
        self.score = score
        self.edits = edits
        self.referenceLength = referenceLength
    }

    /// sacreBLEU's text line, e.g. `TER = 61.54`.
    public var formatted: String { "TER = \(String(format: "%.2f", score))" }

    enum CodingKeys: String, CodingKey {
        case score
        case edits = "num_edits"
        case referenceLength = "ref_length"
    }
}
