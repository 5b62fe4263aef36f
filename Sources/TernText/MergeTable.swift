/// Applies a ``BPEModel``'s merges to single words by rank; the engine under ``BPEEncoder`` and vocabulary building.
///
/// Symbols are interned as integer ids. A word starts as the marker plus one symbol per scalar; scalars that are
/// not known symbols (and literal U+2581) get ``unknown``, which never takes part in a merge. Then, as long as any
/// adjacent pair has a rank, the lowest-ranked pair is merged at all its non-overlapping occurrences, left to
/// right: the standard BPE application, and the same occurrence rule the learner uses.
struct MergeTable {
    static let unknown: Int32 = -1

    private(set) var strings: [String] = []
    private var ids: [String: Int32] = [:]
    private var asciiIds = [Int32](repeating: MergeTable.unknown, count: 128)
    private var scalarIds: [UInt32: Int32] = [:]
    /// Packed pair → rank in the high 32 bits, merged symbol id in the low 32.
    private var ranks: [UInt64: UInt64] = [:]
    let marker: Int32

    /// - Parameter extraSymbols: symbols to know beyond those spelled by the merges (the alphabet of a vocabulary).
    init<Symbols: Sequence<String>>(model: BPEModel, extraSymbols: Symbols) {
        var strings: [String] = []
        var ids: [String: Int32] = [:]
        func intern(_ string: String) -> Int32 {
            if let id = ids[string] { return id }
            let id = Int32(strings.count)
            strings.append(string)
            ids[string] = id
            return id
        }
        marker = intern(BPEModel.wordBoundaryMarker)
        for rank in 0..<model.count {
            let merge = model[rank]
            let left = intern(merge.left), right = intern(merge.right)
            let merged = intern(merge.left + merge.right)
            let pair = pack(left, right)
            // If serialized merges repeat a pair, the first (lowest) rank is the one that ever applies.
            if ranks[pair] == nil { ranks[pair] = UInt64(rank) << 32 | UInt64(UInt32(merged)) }
        }
        for symbol in extraSymbols { _ = intern(symbol) }
        for (string, id) in ids {
            let scalars = string.unicodeScalars
            guard scalars.count == 1, let scalar = scalars.first, scalar != BPEModel.wordBoundaryScalar else { continue }
            if scalar.value < 128 { asciiIds[Int(scalar.value)] = id } else { scalarIds[scalar.value] = id }
        }
        self.strings = strings
        self.ids = ids
    }

    /// The id of a symbol string, if known.
    func id(of symbol: String) -> Int32? { ids[symbol] }

    /// Replaces `symbols` with the segmentation of one word (no spaces) as symbol ids, the marker first.
    func segment(_ word: String, into symbols: inout [Int32]) {
        var none = NoDropout()
        segment(word, into: &symbols, dropout: 0, generator: &none)
    }

    /// The segmentation with BPE-dropout (Provilkov et al. 2020), as subword-nmt's `apply_bpe --dropout` does it:
    /// at each merge step every adjacent pair that has a rank is kept with probability 1 − `dropout`, the
    /// lowest-ranked kept pair is merged at its kept, non-overlapping occurrences left to right, and the word is done
    /// when no pair is kept. `dropout` 0 is plain BPE (and draws nothing); 1 leaves the characters.
    func segment<Generator: RandomNumberGenerator>(_ word: String, into symbols: inout [Int32], dropout: Double,
                                                   generator: inout Generator) {
        symbols.removeAll(keepingCapacity: true)
        symbols.append(marker)
        for scalar in word.unicodeScalars {
            let value = scalar.value
            if value < 128 {
                symbols.append(asciiIds[Int(value)])
            } else {
                // Literal markers are absent from scalarIds on purpose, so they come out unknown.
                symbols.append(scalarIds[value] ?? MergeTable.unknown)
            }
        }
        // Positions whose pair was dropped at this step (only used with dropout).
        var dropped = [Bool](repeating: false, count: dropout > 0 ? symbols.count : 0)
        var symbolsLength = symbols.count
        symbols.withUnsafeMutableBufferPointer { buffer in
            var length = buffer.count
            while length > 1 {
                var bestRank = UInt64.max
                var bestLeft: Int32 = 0, bestRight: Int32 = 0
                for position in 0..<(length - 1) {
                    let left = buffer[position], right = buffer[position + 1]
                    if left < 0 || right < 0 { continue }
                    if let entry = ranks[pack(left, right)] {
                        if dropout > 0 {
                            dropped[position] = Double(generator.next() >> 11) * 0x1p-53 < dropout
                            if dropped[position] { continue }
                        }
                        if entry < bestRank {
                            bestRank = entry
                            bestLeft = left
                            bestRight = right
                        }
                    }
                }
                if bestRank == UInt64.max { break }
                let merged = Int32(truncatingIfNeeded: bestRank)
                var read = 0, write = 0
                while read < length {
                    if read + 1 < length, buffer[read] == bestLeft, buffer[read + 1] == bestRight, dropout == 0 || !dropped[read] {
                        buffer[write] = merged
                        read += 2
                    } else {
                        buffer[write] = buffer[read]
                        read += 1
                    }
                    write += 1
                }
                length = write
            }
            symbolsLength = length
        }
        symbols.removeLast(symbols.count - symbolsLength)
    }
}

/// The generator of plain segmentation: never asked for a number, since dropout 0 draws none.
struct NoDropout: RandomNumberGenerator {
    mutating func next() -> UInt64 { preconditionFailure("plain BPE draws no random numbers") }
}
