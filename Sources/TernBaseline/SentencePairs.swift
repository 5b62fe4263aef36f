/// A tokenised parallel corpus reduced to what IBM Model 1 needs: each sentence's distinct word ids with how often
/// each occurs.
///
/// Model 1 aligns each target position to any source position independently, so a word repeated in a sentence
/// contributes the same posterior at each of its positions: counting it once with its multiplicity gives the same
/// sums with fewer table lookups. The source side of every sentence starts with the NULL word (id 0, multiplicity 1).
struct SentencePairs: Sendable {
    /// Source ids of all sentences, concatenated; sentence `s` is `sourceStart[s]..<sourceStart[s + 1]`.
    var sourceIDs: [Int32] = []
    var sourceMultiplicity: [Double] = []
    var sourceStart: [Int] = [0]
    /// Target ids, the same way.
    var targetIDs: [Int32] = []
    var targetMultiplicity: [Double] = []
    var targetStart: [Int] = [0]

    var count: Int { sourceStart.count - 1 }

    /// Appends one pair given as word ids; `source` must not contain the NULL id, which is added here.
    mutating func append(source: [Int32], target: [Int32]) {
        Self.appendDistinct([0] + source, ids: &sourceIDs, multiplicity: &sourceMultiplicity)
        sourceStart.append(sourceIDs.count)
        Self.appendDistinct(target, ids: &targetIDs, multiplicity: &targetMultiplicity)
        targetStart.append(targetIDs.count)
    }

    /// Appends the distinct values of `words` (sorted) with their counts.
    private static func appendDistinct(_ words: [Int32], ids: inout [Int32], multiplicity: inout [Double]) {
        var previous: Int32 = -1  // ids are never negative
        for word in words.sorted() {
            if word == previous {
                multiplicity[multiplicity.count - 1] += 1
            } else {
                ids.append(word)
                multiplicity.append(1)
                previous = word
            }
        }
    }
}
