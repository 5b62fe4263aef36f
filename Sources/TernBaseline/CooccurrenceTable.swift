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
        // Counting sort by source id: each row's bucket receives the sentence's target ids, duplicates included.
        var bucketStart = [Int](repeating: 0, count: sourceVocabularySize + 1)
        for sentence in 0..<pairs.count {
            let targetCount = pairs.targetStart[sentence + 1] - pairs.targetStart[sentence]
            for index in pairs.sourceStart[sentence]..<pairs.sourceStart[sentence + 1] {
                bucketStart[Int(pairs.sourceIDs[index]) + 1] += targetCount
            }
        }
        for row in 0..<sourceVocabularySize { bucketStart[row + 1] += bucketStart[row] }
        var buckets = [Int32](repeating: 0, count: bucketStart[sourceVocabularySize])
        var cursor = bucketStart
        for sentence in 0..<pairs.count {
            let targets = pairs.targetIDs[pairs.targetStart[sentence]..<pairs.targetStart[sentence + 1]]
            for index in pairs.sourceStart[sentence]..<pairs.sourceStart[sentence + 1] {
                let row = Int(pairs.sourceIDs[index])
                for target in targets {
                    buckets[cursor[row]] = target
                    cursor[row] += 1
                }
            }
        }

        // Each bucket sorted and deduplicated is its row.
        var rowStart = [0]
        rowStart.reserveCapacity(sourceVocabularySize + 1)
        var columns: [Int32] = []
        buckets.withUnsafeMutableBufferPointer { buffer in
            for row in 0..<sourceVocabularySize {
                var bucket = UnsafeMutableBufferPointer(rebasing: buffer[bucketStart[row]..<bucketStart[row + 1]])
                bucket.sort()
                var previous: Int32 = -1
                for target in bucket where target != previous {
                    columns.append(target)
                    previous = target
                }
                rowStart.append(columns.count)
            }
        }

        // Every word pair of every sentence located once, by binary search in its row.
        var entries: [Int32] = []
        entries.reserveCapacity(buckets.count)
        var entryStart = [0]
        for sentence in 0..<pairs.count {
            let sources = pairs.sourceIDs[pairs.sourceStart[sentence]..<pairs.sourceStart[sentence + 1]]
            for target in pairs.targetIDs[pairs.targetStart[sentence]..<pairs.targetStart[sentence + 1]] {
                for source in sources {
                    let row = Int(source)
                    // Present by construction: the row was built from this very sentence.
                    entries.append(Int32(Self.index(of: target, in: columns, range: rowStart[row]..<rowStart[row + 1])!))
                }
            }
            entryStart.append(entries.count)
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
