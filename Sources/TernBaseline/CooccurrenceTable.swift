/// The (source word, target word) pairs that occur together in at least one sentence pair, in compressed sparse rows,
/// and for every sentence pair the table entry of each of its word pairs.
///
/// IBM Model 1's counts can only ever be non-zero for such pairs, so this holds every parameter the model can learn
/// (a few million on the Bible corpus, against 13 k × 22 k for a dense table), and the EM loop reads and adds at
/// precomputed positions instead of searching or hashing.
struct CooccurrenceTable: Sendable {
    /// Row `e` is `columns[rowStart[e]..<rowStart[e + 1]]`: the target ids seen with source id `e`, ascending.
    let rowStart: [Int]
    let columns: [Int32]
    /// Sentence `s`'s entries start at `entryStart[s]`: the entry of (target `j`, source `i`) is at
    /// `entryStart[s] + j * sourceCount + i`, indices into ``columns``, in the order of ``SentencePairs``.
    let entries: [Int32]
    let entryStart: [Int]

    var count: Int { columns.count }

    /// The table of `pairs`, whose source ids are below `sourceVocabularySize`.
    init(pairs: SentencePairs, sourceVocabularySize: Int) {
        // Each sentence's block of entries: [target j][source i].
        var entryStart = [0]
        entryStart.reserveCapacity(pairs.count + 1)
        for sentence in 0..<pairs.count {
            let sourceCount = pairs.sourceStart[sentence + 1] - pairs.sourceStart[sentence]
            let targetCount = pairs.targetStart[sentence + 1] - pairs.targetStart[sentence]
            entryStart.append(entryStart[sentence] + sourceCount * targetCount)
        }
        let entryCount = entryStart[pairs.count]
        precondition(entryCount < 1 << 32, "corpus too large for 32-bit entry slots")

        // Counting sort by source id: row e's bucket receives, for every sentence word pair (e, f), the key
        // f << 32 | slot, where slot is that pair's place in `entries`.
        var bucketStart = [Int](repeating: 0, count: sourceVocabularySize + 1)
        for sentence in 0..<pairs.count {
            let targetCount = pairs.targetStart[sentence + 1] - pairs.targetStart[sentence]
            for index in pairs.sourceStart[sentence]..<pairs.sourceStart[sentence + 1] {
                bucketStart[Int(pairs.sourceIDs[index]) + 1] += targetCount
            }
        }
        for row in 0..<sourceVocabularySize { bucketStart[row + 1] += bucketStart[row] }
        var buckets = [UInt64](repeating: 0, count: entryCount)
        var cursor = bucketStart
        for sentence in 0..<pairs.count {
            let sourceStart = pairs.sourceStart[sentence], targetStart = pairs.targetStart[sentence]
            let sourceCount = pairs.sourceStart[sentence + 1] - sourceStart
            for source in 0..<sourceCount {
                let row = Int(pairs.sourceIDs[sourceStart + source])
                for target in 0..<(pairs.targetStart[sentence + 1] - targetStart) {
                    let slot = entryStart[sentence] + target * sourceCount + source
                    buckets[cursor[row]] = UInt64(pairs.targetIDs[targetStart + target]) << 32 | UInt64(slot)
                    cursor[row] += 1
                }
            }
        }

        // Each bucket sorted by target id gives its row's columns, and tells every slot which column it reads: no
        // search per sentence pair, which on the Bible costs more than all EM iterations (the NULL row has 49 k columns).
        var rowStart = [0]
        rowStart.reserveCapacity(sourceVocabularySize + 1)
        var columns: [Int32] = []
        var entries = [Int32](repeating: 0, count: entryCount)
        buckets.withUnsafeMutableBufferPointer { buffer in
            for row in 0..<sourceVocabularySize {
                var bucket = UnsafeMutableBufferPointer(rebasing: buffer[bucketStart[row]..<bucketStart[row + 1]])
                bucket.sort()
                var previous: UInt64 = .max
                for key in bucket {
                    let target = key >> 32
                    if target != previous {
                        columns.append(Int32(target))
                        previous = target
                    }
                    entries[Int(key & 0xFFFF_FFFF)] = Int32(columns.count - 1)
                }
                rowStart.append(columns.count)
            }
        }
        self.rowStart = rowStart
        self.columns = columns
        self.entries = entries
        self.entryStart = entryStart
    }

    /// The index of `target` in the ascending `columns[range]`, or nil if it is not there.
    static func index(of target: Int32, in columns: [Int32], range: Range<Int>) -> Int? {
        var low = range.lowerBound, high = range.upperBound
        while low < high {
            let middle = (low + high) / 2
            if columns[middle] < target { low = middle + 1 } else { high = middle }
        }
        return low < range.upperBound && columns[low] == target ? low : nil
    }
}
