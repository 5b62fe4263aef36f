/// The word-level Levenshtein distance of TER, computed only in a band around the diagonal, as sacreBLEU 2.6.0's
/// `BeamEditDistance` does.
///
/// Rows are hypothesis words, columns reference words; every edit costs 1. Row `i` is filled only for the columns
/// within `beamWidth` of `⌊i · m/n⌋` (a "pseudo-diagonal" that follows the length ratio), except the last row, which
/// is filled to the end so that the corner is reached. Cells outside the band stay at ``infinity``. The band is
/// what makes TER cheap enough to try hundreds of shifts per sentence, and it can make the distance larger than
/// the true Levenshtein distance when the alignment strays far from the diagonal — Tern keeps that, since agreeing
/// with sacreBLEU is the point.
///
/// All hypotheses scored with one instance have the same length (shifting words does not change it), so the band
/// depends only on the row, and the rows before the first word two hypotheses differ in are identical: the shift
/// search reuses them (sacreBLEU gets the same effect from a prefix-tree cache).
struct BeamEditDistance {
    /// sacreBLEU's `_INT_INFINITY`, the cost of a cell outside the band.
    static let infinity = 10_000_000_000_000_000
    /// sacreBLEU's `_BEAM_WIDTH`, from Tercom.
    static let defaultBeamWidth = 25

    /// How a cell was reached; the trace from the corner back to the origin aligns the two sentences.
    enum Operation: UInt8 {
        /// Diagonal step with equal words.
        case match
        /// Diagonal step with different words.
        case substitution
        /// Vertical step: a hypothesis word without a reference partner.
        case deletion
        /// Horizontal step: a reference word without a hypothesis partner.
        case insertion
        /// A cell outside the band.
        case undefined
    }

    /// The matrix of one hypothesis, with the operation that reached each cell.
    struct Matrix {
        /// `costs[i][j]`: edits to turn the first `i` hypothesis words into the first `j` reference words.
        var costs: [[Int]]
        var operations: [[Operation]]

        var distance: Int { costs[costs.count - 1][costs[0].count - 1] }
    }

    let reference: [UInt32]
    let hypothesisLength: Int
    /// Reference length over hypothesis length (1 for an empty hypothesis), the slope of the band.
    let lengthRatio: Double
    let beamWidth: Int

    init(reference: [UInt32], hypothesisLength: Int) {
        self.reference = reference
        self.hypothesisLength = hypothesisLength
        lengthRatio = hypothesisLength > 0 ? Double(reference.count) / Double(hypothesisLength) : 1
        // When one sentence is many times longer than the other, consecutive rows' bands would not overlap;
        // sacreBLEU widens the band to ⌈ratio/2 + 25⌉ then.
        if Double(Self.defaultBeamWidth) < lengthRatio / 2 {
            beamWidth = Int((lengthRatio / 2 + Double(Self.defaultBeamWidth)).rounded(.up))
        } else {
            beamWidth = Self.defaultBeamWidth
        }
    }

    /// The columns filled in row `row` (≥ 1).
    func band(ofRow row: Int) -> Range<Int> {
        let diagonal = Int((Double(row) * lengthRatio).rounded(.down))
        let lower = max(0, diagonal - beamWidth)
        let upper = row == hypothesisLength ? reference.count + 1 : min(reference.count + 1, diagonal + beamWidth)
        return lower..<max(lower, upper)
    }

    /// Row 0: turning no hypothesis words into `j` reference words takes `j` insertions.
    var firstRow: [Int] { Array(0...reference.count) }

    /// Fills row `row` (≥ 1), whose hypothesis word is `word`, from the row above.
    ///
    /// Ties go to the diagonal step, then deletion, then insertion: sacreBLEU's order, chosen there to reproduce
    /// Tercom's alignments after it flips the trace. The alignment, and with it the shifts tried, depends on it.
    func fill(row: Int, word: UInt32, previous: [Int], costs: inout [Int], operations: inout [Operation]) {
        let width = reference.count + 1
        if costs.count != width {
            costs = Array(repeating: Self.infinity, count: width)
            operations = Array(repeating: .undefined, count: width)
        }
        let band = band(ofRow: row)
        for column in 0..<band.lowerBound {
            costs[column] = Self.infinity
            operations[column] = .undefined
        }
        for column in band.upperBound..<width {
            costs[column] = Self.infinity
            operations[column] = .undefined
        }
        for column in band {
            if column == 0 {
                costs[0] = previous[0] + 1
                operations[0] = .deletion
                continue
            }
            let same = word == reference[column - 1]
            var best = Self.infinity
            var operation = Operation.undefined
            let diagonal = previous[column - 1] + (same ? 0 : 1)
            if diagonal < best { (best, operation) = (diagonal, same ? .match : .substitution) }
            let deletion = previous[column] + 1
            if deletion < best { (best, operation) = (deletion, .deletion) }
            let insertion = costs[column - 1] + 1
            if insertion < best { (best, operation) = (insertion, .insertion) }
            costs[column] = best
            operations[column] = operation
        }
    }

    /// The whole matrix of `hypothesis`, for its distance and its alignment.
    func matrix(for hypothesis: [UInt32]) -> Matrix {
        precondition(hypothesis.count == hypothesisLength, "the band was laid out for another hypothesis length")
        var matrix = Matrix(
            costs: [firstRow],
            operations: [[.undefined] + Array(repeating: .insertion, count: reference.count)])
        var costs: [Int] = []
        var operations: [Operation] = []
        for row in 1..<(hypothesis.count + 1) {
            fill(row: row, word: hypothesis[row - 1], previous: matrix.costs[row - 1], costs: &costs, operations: &operations)
            matrix.costs.append(costs)
            matrix.operations.append(operations)
        }
        return matrix
    }

    /// The distance of `hypothesis`, whose first `sharedPrefix` words are those `base` was computed for: rows up to
    /// `sharedPrefix` are taken from `base` rather than recomputed, and only costs are kept, two rows at a time.
    func distance(of hypothesis: [UInt32], sharingPrefix sharedPrefix: Int, with base: Matrix,
                  rows: inout (previous: [Int], current: [Int])) -> Int {
        if sharedPrefix == hypothesis.count { return base.distance }
        let width = reference.count + 1
        rows.previous = base.costs[sharedPrefix]
        if rows.current.count != width { rows.current = Array(repeating: Self.infinity, count: width) }
        for row in (sharedPrefix + 1)...hypothesis.count {
            let word = hypothesis[row - 1]
            let band = band(ofRow: row)
            for column in 0..<band.lowerBound { rows.current[column] = Self.infinity }
            for column in band.upperBound..<width { rows.current[column] = Self.infinity }
            // The same minimum as `fill`; which step attains it does not matter for the cost.
            var left = Self.infinity
            for column in band {
                var cost = rows.previous[column] + 1
                if column > 0 {
                    let diagonal = rows.previous[column - 1] + (word == reference[column - 1] ? 0 : 1)
                    if diagonal < cost { cost = diagonal }
                    if left + 1 < cost { cost = left + 1 }
                    if cost > Self.infinity { cost = Self.infinity }
                }
                rows.current[column] = cost
                left = cost
            }
            swap(&rows.previous, &rows.current)
        }
        return rows.previous[reference.count]
    }
}
