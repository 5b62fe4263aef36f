/// The sufficient statistics of corpus TER, summed over segments: edits and reference words.
public struct TERStatistics: Sendable, Equatable {
    /// Shifts, insertions, deletions and substitutions (sacreBLEU's `num_edits`).
    public var edits: Int
    /// Reference words (sacreBLEU's `ref_length`, the average over references, which with one is its length).
    public var referenceLength: Int

    public init(edits: Int, referenceLength: Int) {
        self.edits = edits
        self.referenceLength = referenceLength
    }

    /// Adds another segment's (or corpus's) statistics to these.
    public static func += (total: inout TERStatistics, other: TERStatistics) {
        total.edits += other.edits
        total.referenceLength += other.referenceLength
    }
}
