/// TER's edit count for one sentence pair: block shifts chosen greedily, then the edit distance of the result.
///
/// Snover et al. (2006) count moving a block of words as one edit. Finding the best set of shifts is NP-hard, so
/// Tercom, and sacreBLEU 2.6.0 after it, repeat a greedy step: among the shifts that move a hypothesis block onto an
/// equal reference block, apply the one that lowers the (banded) edit distance most, and stop when none lowers it.
/// Each shift adds 1 to the count. Only shifts that may help are tried: the block must contain an error on both
/// sides and must not already sit where the reference wants it.
///
/// The limits and the order in which shifts are tried and ranked are sacreBLEU's, because they decide which shift
/// wins a tie and when the search gives up, and so the final number:
/// - blocks of at most ``maximumShiftLength`` words whose start in the hypothesis and in the reference are at most
///   ``maximumShiftDistance`` apart;
/// - at most ``maximumCandidates`` shifted hypotheses evaluated per sentence, counted over all greedy steps; the
///   step during which the budget runs out is discarded, even if it found an improving shift;
/// - ranking by gain, then longer block, then earlier block in the hypothesis, then earlier destination.
enum ShiftSearch {
    static let maximumShiftLength = 10
    static let maximumShiftDistance = 50
    static let maximumCandidates = 1000

    /// The number of edits (shifts plus insertions, deletions and substitutions) that turn `hypothesis` into
    /// `reference`.
    static func edits(hypothesis: [UInt32], reference: [UInt32]) -> Int {
        // An empty reference: every hypothesis word is deleted, and the caller divides by a length of 0.
        if reference.isEmpty { return hypothesis.count }
        let editDistance = BeamEditDistance(reference: reference, hypothesisLength: hypothesis.count)
        var words = hypothesis
        var shifts = 0
        var candidatesEvaluated = 0
        while true {
            let step = bestShift(of: words, editDistance: editDistance, candidatesEvaluated: &candidatesEvaluated)
            guard candidatesEvaluated < maximumCandidates, let shift = step.best, shift.gain > 0 else {
                return shifts + step.distance
            }
            shifts += 1
            words = shift.words
        }
    }

    /// A shift tried, with the keys it is ranked by.
    struct Candidate {
        let gain: Int
        let block: Range<Int>
        let destination: Int

        /// sacreBLEU's tuple order: most gain, then longest block, then earliest start, then earliest destination.
        func beats(_ other: Candidate) -> Bool {
            if gain != other.gain { return gain > other.gain }
            if block.count != other.block.count { return block.count > other.block.count }
            if block.lowerBound != other.block.lowerBound { return block.lowerBound < other.block.lowerBound }
            return destination < other.destination
        }
    }

    /// One greedy step: the distance of `words` as they are, and the best shift found (nil if none was tried).
    static func bestShift(of words: [UInt32], editDistance: BeamEditDistance,
                          candidatesEvaluated: inout Int) -> (distance: Int, best: (gain: Int, words: [UInt32])?) {
        let reference = editDistance.reference
        let matrix = editDistance.matrix(for: words)
        let distance = matrix.distance
        let alignment = EditAlignment(matrix)
        let position = alignment.hypothesisPositionOfReferenceWord
        var best: Candidate?
        var rows: (previous: [Int], current: [Int]) = ([], [])
        // Each candidate is written over a copy of `words` from its first changed position and restored after.
        var shifted = words

        func result() -> (distance: Int, best: (gain: Int, words: [UInt32])?) {
            (distance, best.map { ($0.gain, shift(words, block: $0.block, to: $0.destination)) })
        }

        // Every block that occurs in both, found by extending a match from each pair of start positions.
        for hypothesisStart in words.indices {
            for referenceStart in reference.indices where abs(referenceStart - hypothesisStart) <= maximumShiftDistance {
                var length = 0
                while length < maximumShiftLength, hypothesisStart + length < words.count,
                      referenceStart + length < reference.count,
                      words[hypothesisStart + length] == reference[referenceStart + length] {
                    length += 1
                    let block = hypothesisStart..<(hypothesisStart + length)
                    guard alignment.hypothesisHasError(in: block),
                          alignment.referenceHasError(in: referenceStart..<(referenceStart + length)),
                          !block.contains(position[referenceStart])
                    else { continue }

                    // Destinations: just after the hypothesis word aligned with the reference word before the block,
                    // or with any word of the block; consecutive repeats are tried once.
                    var lastDestination = -1
                    for offset in -1..<length {
                        let destination = referenceStart + offset < 0 ? 0 : position[referenceStart + offset] + 1
                        if destination == lastDestination { continue }
                        lastDestination = destination
                        let firstChanged = writeShift(of: words, block: block, to: destination, into: &shifted)
                        var sharedPrefix = firstChanged
                        while sharedPrefix < words.count, shifted[sharedPrefix] == words[sharedPrefix] { sharedPrefix += 1 }
                        let shiftedDistance = editDistance.distance(
                            of: shifted, sharingPrefix: sharedPrefix, with: matrix, rows: &rows)
                        shifted.replaceSubrange(firstChanged..., with: words[firstChanged...])
                        candidatesEvaluated += 1
                        let candidate = Candidate(gain: distance - shiftedDistance, block: block, destination: destination)
                        if best.map({ candidate.beats($0) }) ?? true { best = candidate }
                    }
                    if candidatesEvaluated >= maximumCandidates { return result() }
                }
            }
        }
        return result()
    }

    /// Writes `shift(words, block:, to:)` into `output`, which holds `words`, from the first position the shift can
    /// change, and returns that position.
    static func writeShift(of words: [UInt32], block: Range<Int>, to destination: Int, into output: inout [UInt32]) -> Int {
        let start: Int
        let pieces: (Range<Int>, Range<Int>, Range<Int>)
        if destination < block.lowerBound {
            (start, pieces) = (destination, (block, destination..<block.lowerBound, block.upperBound..<words.count))
        } else if destination > block.upperBound {
            (start, pieces) = (block.lowerBound, (block.upperBound..<destination, block, destination..<words.count))
        } else {
            let end = min(words.count, block.count + destination)
            (start, pieces) = (block.lowerBound, (block.upperBound..<end, block, end..<words.count))
        }
        var index = start
        func copy(_ piece: Range<Int>) {
            for source in piece {
                output[index] = words[source]
                index += 1
            }
        }
        copy(pieces.0)
        copy(pieces.1)
        copy(pieces.2)
        return start
    }

    /// Moves `block` of `words` to `destination`, as sacreBLEU's `_perform_shift` does.
    ///
    /// A destination before the block or after its end inserts the block before the word now at `destination`. A
    /// destination inside the block, or at its end, is read differently by sacreBLEU: the block then moves
    /// `destination − block.start` words to the right. Reproduced as it is, since such shifts are among those
    /// ranked.
    static func shift(_ words: [UInt32], block: Range<Int>, to destination: Int) -> [UInt32] {
        var shifted = words
        _ = writeShift(of: words, block: block, to: destination, into: &shifted)
        return shifted
    }
}
