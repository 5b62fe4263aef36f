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
        let length: Int
        let hypothesisStart: Int
        let destination: Int
        let words: [UInt32]

        /// sacreBLEU's tuple order: most gain, then longest block, then earliest start, then earliest destination.
        func beats(_ other: Candidate) -> Bool {
            if gain != other.gain { return gain > other.gain }
            if length != other.length { return length > other.length }
            if hypothesisStart != other.hypothesisStart { return hypothesisStart < other.hypothesisStart }
            return destination < other.destination
        }
    }

    /// One greedy step: the distance of `words` as they are, and the best shift found (nil if none was tried).
    static func bestShift(of words: [UInt32], editDistance: BeamEditDistance,
                          candidatesEvaluated: inout Int) -> (distance: Int, best: Candidate?) {
        let reference = editDistance.reference
        let matrix = editDistance.matrix(for: words)
        let distance = matrix.distance
        let alignment = EditAlignment(matrix)
        let position = alignment.hypothesisPositionOfReferenceWord
        var best: Candidate?
        var scratch: (previous: [Int], current: [Int], operations: [BeamEditDistance.Operation]) = ([], [], [])

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
                        let shifted = shift(words, block: block, to: destination)
                        let sharedPrefix = zip(shifted, words).prefix { $0 == $1 }.count
                        let shiftedDistance = editDistance.distance(
                            of: shifted, sharingPrefix: sharedPrefix, with: matrix, scratch: &scratch)
                        candidatesEvaluated += 1
                        let candidate = Candidate(gain: distance - shiftedDistance, length: length,
                                                  hypothesisStart: hypothesisStart, destination: destination, words: shifted)
                        if best.map({ candidate.beats($0) }) ?? true { best = candidate }
                    }
                    if candidatesEvaluated >= maximumCandidates { return (distance, best) }
                }
            }
        }
        return (distance, best)
    }

    /// Moves `block` of `words` to `destination`, as sacreBLEU's `_perform_shift` does.
    ///
    /// A destination before the block or after its end inserts the block before the word now at `destination`. A
    /// destination inside the block, or at its end, is read differently by sacreBLEU: the block then moves
    /// `destination − block.start` words to the right. Reproduced as it is, since such shifts are among those
    /// ranked.
    static func shift(_ words: [UInt32], block: Range<Int>, to destination: Int) -> [UInt32] {
        let moved = words[block]
        if destination < block.lowerBound {
            return Array(words[..<destination] + moved + words[destination..<block.lowerBound] + words[block.upperBound...])
        } else if destination > block.upperBound {
            return Array(words[..<block.lowerBound] + words[block.upperBound..<destination] + moved + words[destination...])
        } else {
            let end = min(words.count, block.count + destination)
            return Array(words[..<block.lowerBound] + words[block.upperBound..<end] + moved + words[end...])
        }
    }
}
