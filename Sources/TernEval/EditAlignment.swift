/// Which words an edit-distance trace pairs up, and which are in error: what TER's shift search reads.
///
/// Built from the path that leads from the matrix's corner back to its origin. Each reference word is aligned to a
/// hypothesis position: its partner on a diagonal step, or, when the reference word is inserted, the hypothesis
/// word just before it (−1 at the start). sacreBLEU derives the same from its trace after swapping insertions and
/// deletions ("we pretend we are rewriting reference into hypothesis").
struct EditAlignment {
    /// For each reference word, the hypothesis position it is aligned with (−1: before the first word).
    let hypothesisPositionOfReferenceWord: [Int]
    /// `hypothesisErrors[k]` is the number of hypothesis words before `k` that are substituted or deleted.
    private let hypothesisErrors: [Int]
    /// `referenceErrors[k]` is the number of reference words before `k` that are substituted or inserted.
    private let referenceErrors: [Int]

    init(_ matrix: BeamEditDistance.Matrix) {
        var row = matrix.costs.count - 1
        var column = matrix.costs[0].count - 1
        var position = Array(repeating: -1, count: column)
        var hypothesisWrong = Array(repeating: false, count: row)
        var referenceWrong = Array(repeating: false, count: column)
        while row > 0 || column > 0 {
            switch matrix.operations[row][column] {
            case .match:
                position[column - 1] = row - 1
                row -= 1
                column -= 1
            case .substitution:
                position[column - 1] = row - 1
                hypothesisWrong[row - 1] = true
                referenceWrong[column - 1] = true
                row -= 1
                column -= 1
            case .deletion:
                hypothesisWrong[row - 1] = true
                row -= 1
            case .insertion:
                position[column - 1] = row - 1
                referenceWrong[column - 1] = true
                column -= 1
            case .undefined:
                // The last row spans every column and each band overlaps the one above, so a path always exists.
                preconditionFailure("edit-distance trace left the band at row \(row), column \(column)")
            }
        }
        hypothesisPositionOfReferenceWord = position
        hypothesisErrors = Self.prefixSums(hypothesisWrong)
        referenceErrors = Self.prefixSums(referenceWrong)
    }

    /// Whether any hypothesis word in `range` is wrong.
    func hypothesisHasError(in range: Range<Int>) -> Bool {
        hypothesisErrors[range.upperBound] > hypothesisErrors[range.lowerBound]
    }

    /// Whether any reference word in `range` is wrong.
    func referenceHasError(in range: Range<Int>) -> Bool {
        referenceErrors[range.upperBound] > referenceErrors[range.lowerBound]
    }

    private static func prefixSums(_ flags: [Bool]) -> [Int] {
        var sums = [0]
        sums.reserveCapacity(flags.count + 1)
        for flag in flags { sums.append(sums[sums.count - 1] + (flag ? 1 : 0)) }
        return sums
    }
}
