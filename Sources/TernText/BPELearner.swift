/// Learns byte-pair-encoding merges from word frequencies.
///
/// Each word type starts as the word-boundary marker followed by its Unicode scalars (see ``BPEModel``). The learner
/// repeatedly merges the most frequent adjacent pair of symbols, counting a pair once per occurrence weighted by
/// the word's frequency, until one of these holds:
/// - ``maximumMerges`` merges have been learned;
/// - the most frequent pair occurs fewer than ``minimumFrequency`` times;
/// - the vocabulary the merges imply (the four special tokens, the marker, every character seen, every distinct
///   merged symbol) has reached ``targetVocabularySize``.
///
/// ## Determinism
/// The result depends only on the word counts and the settings, never on hash or input order. Ties between pairs
/// of equal frequency go to the pair whose left symbol is older, then whose right symbol is older, where the
/// initial symbols are ordered by code point (the marker included, as U+2581) and every merged symbol is younger
/// than all symbols before it. Pair counts are sums, and a heap with that total order picks the next merge.
///
/// A merge whose result would spell a special token such as `<unk>` is skipped, so pieces never collide with the
/// special entries of a ``Vocabulary``.
///
/// ## Cost
/// Symbols are integer ids; pair counts live in a dictionary keyed by the two ids packed into a `UInt64`; each pair
/// keeps the list of word types that contain it; the best pair comes from a max-heap with lazy deletion. A merge
/// touches only the word types in its list and updates only the pairs next to the merged positions, so the total
/// work is bounded by the number of symbols in the word-type table, not by merges × corpus size.
public struct BPELearner: Sendable {
    /// Upper bound on the number of merges learned.
    public var maximumMerges: Int
    /// Pairs occurring fewer times than this are never merged (values below 1 act as 1).
    public var minimumFrequency: Int
    /// If set, learning stops once the implied vocabulary, special tokens included, has this many entries.
    public var targetVocabularySize: Int?

    public init(merges: Int, minimumFrequency: Int = 2, targetVocabularySize: Int? = nil) {
        maximumMerges = merges
        self.minimumFrequency = minimumFrequency
        self.targetVocabularySize = targetVocabularySize
    }

    /// Learns merges from normalized lines.
    public func learn(lines: [String], normalizer: Normalizer) -> BPEModel {
        learn(from: WordCounts(lines: lines, normalizer: normalizer))
    }

    /// Learns merges from word frequencies.
    public func learn(from wordCounts: WordCounts) -> BPEModel {
        var table = SymbolTable(wordCounts: wordCounts)
        let minimum = max(1, minimumFrequency)
        let reserved = Set(Vocabulary.specialTokens)

        var pairs = PairTable(minimumCapacity: 4 * table.strings.count + 1024)
        for word in 0..<table.words.count {
            let symbols = table.words[word]
            let frequency = table.frequencies[word]
            for position in 0..<(symbols.count - 1) {
                let left = symbols[position], right = symbols[position + 1]
                if left < 0 || right < 0 { continue }
                let slot = pairs.slot(for: pack(left, right))
                _ = pairs.add(frequency, at: slot, step: 0)
                pairs.addWord(Int32(word), at: slot)
            }
        }
        var heap = PairHeap(pairs.positiveEntries.compactMap { $0.count >= minimum ? PairHeap.Entry(count: $0.count, pair: $0.key) : nil })

        var lefts: [String] = [], rights: [String] = []
        var mergedPairs = Set<UInt64>()
        var visitedInStep = [Int32](repeating: 0, count: table.words.count)
        /// Pairs changed in this step with their counts before the step, to re-queue those that grew.
        var changed: [(pair: UInt64, before: Int)] = []
        var consumed: [Bool] = []
        var created: [Bool] = []
        var step: Int32 = 0

        while lefts.count < maximumMerges {
            if let target = targetVocabularySize, Vocabulary.specialTokens.count + table.strings.count >= target { break }
            guard let top = heap.pop() else { break }
            guard let topSlot = pairs.find(top.pair) else { continue }
            let live = pairs.counts[topSlot]
            if live != top.count {
                // A stale entry: the count dropped since it was pushed. Re-queue the live count.
                if live >= minimum { heap.push(count: live, pair: top.pair) }
                continue
            }
            if live < minimum { break }
            let left = Int32(truncatingIfNeeded: top.pair >> 32), right = Int32(truncatingIfNeeded: top.pair)
            let mergedString = table.strings[Int(left)] + table.strings[Int(right)]
            if reserved.contains(mergedString) { continue }
            let merged = table.intern(mergedString)
            // Only interning can recreate an already merged pair (two merges spelling the same symbol). Apply it so
            // the word table stays segmented as the encoder would, but do not list the rule twice.
            if mergedPairs.insert(top.pair).inserted {
                lefts.append(table.strings[Int(left)])
                rights.append(table.strings[Int(right)])
            }

            step += 1
            changed.removeAll(keepingCapacity: true)
            let candidates = pairs.takeWords(at: topSlot)
            for word32 in candidates {
                let word = Int(word32)
                if visitedInStep[word] == step { continue }
                visitedInStep[word] = step
                let frequency = table.frequencies[word]
                var occurrencesRemoved = 0
                table.words[word].withUnsafeMutableBufferPointer { symbols in
                    let length = symbols.count
                    // Occurrences are taken left to right without overlap, as the encoder does.
                    consumed.removeAll(keepingCapacity: true)
                    var occurrences = 0
                    var position = 0
                    while position < length {
                        if position + 1 < length, symbols[position] == left, symbols[position + 1] == right {
                            consumed.append(true)
                            consumed.append(true)
                            occurrences += 1
                            position += 2
                        } else {
                            consumed.append(false)
                            position += 1
                        }
                    }
                    // The list is not pruned when a word loses a pair, so some candidates are stale.
                    if occurrences == 0 { return }
                    // Pairs that touch a merged position disappear; all others are unchanged.
                    for position in 0..<(length - 1) where consumed[position] || consumed[position + 1] {
                        let a = symbols[position], b = symbols[position + 1]
                        if a < 0 || b < 0 { continue }
                        let pair = pack(a, b)
                        if let before = pairs.add(-frequency, at: pairs.slot(for: pair), step: step) { changed.append((pair, before)) }
                    }
                    created.removeAll(keepingCapacity: true)
                    var write = 0
                    position = 0
                    while position < length {
                        if consumed[position] {
                            symbols[write] = merged
                            created.append(true)
                            position += 2
                        } else {
                            symbols[write] = symbols[position]
                            created.append(false)
                            position += 1
                        }
                        write += 1
                    }
                    // Pairs that touch a newly created symbol appear.
                    for position in 0..<(write - 1) where created[position] || created[position + 1] {
                        let a = symbols[position], b = symbols[position + 1]
                        if a < 0 || b < 0 { continue }
                        let pair = pack(a, b)
                        let slot = pairs.slot(for: pair)
                        if let before = pairs.add(frequency, at: slot, step: step) { changed.append((pair, before)) }
                        pairs.addWord(word32, at: slot)
                    }
                    occurrencesRemoved = length - write
                }
                table.words[word].removeLast(occurrencesRemoved)
            }
            for (pair, before) in changed {
                let after = pairs.count(of: pair)
                if after > before, after >= minimum { heap.push(count: after, pair: pair) }
            }
        }
        return BPEModel(validatedLefts: lefts, rights: rights)
    }
}

@inline(__always)
func pack(_ left: Int32, _ right: Int32) -> UInt64 {
    UInt64(UInt32(bitPattern: left)) << 32 | UInt64(UInt32(bitPattern: right))
}

/// The learner's working state: symbol strings by id and every word type as a sequence of symbol ids.
struct SymbolTable {
    /// The id of a literal U+2581 in the text: it never forms a pair, so it is never merged (see ``BPEModel``).
    static let blocked: Int32 = -1

    var strings: [String] = []
    var ids: [String: Int32] = [:]
    var words: [[Int32]] = []
    var frequencies: [Int] = []

    init(wordCounts: WordCounts) {
        // Initial ids follow code-point order so tie-breaking does not depend on the order words were seen.
        var entries: [(word: String, frequency: Int)] = []
        entries.reserveCapacity(wordCounts.distinctWords)
        wordCounts.forEach { entries.append(($0, $1)) }
        var alphabet = Set<UInt32>()
        var asciiSeen = [Bool](repeating: false, count: 128)
        for (word, _) in entries {
            for scalar in word.unicodeScalars {
                if scalar.value < 128 { asciiSeen[Int(scalar.value)] = true } else { alphabet.insert(scalar.value) }
            }
        }
        for value in 0..<128 where asciiSeen[value] { alphabet.insert(UInt32(value)) }
        alphabet.remove(BPEModel.wordBoundaryScalar.value)
        alphabet.insert(BPEModel.wordBoundaryScalar.value)

        var asciiIds = [Int32](repeating: SymbolTable.blocked, count: 128)
        var scalarIds: [UInt32: Int32] = [:]
        for value in alphabet.sorted() {
            let id = intern(String(Unicode.Scalar(value)!))
            if value < 128 { asciiIds[Int(value)] = id } else { scalarIds[value] = id }
        }
        let marker = ids[BPEModel.wordBoundaryMarker]!

        words.reserveCapacity(entries.count)
        frequencies.reserveCapacity(entries.count)
        for (word, frequency) in entries {
            var symbols: [Int32] = [marker]
            symbols.reserveCapacity(word.utf8.count + 1)
            for scalar in word.unicodeScalars {
                let value = scalar.value
                if value == BPEModel.wordBoundaryScalar.value {
                    symbols.append(SymbolTable.blocked)
                } else if value < 128 {
                    symbols.append(asciiIds[Int(value)])
                } else {
                    symbols.append(scalarIds[value]!)
                }
            }
            words.append(symbols)
            frequencies.append(frequency)
        }
    }

    mutating func intern(_ string: String) -> Int32 {
        if let id = ids[string] { return id }
        let id = Int32(strings.count)
        strings.append(string)
        ids[string] = id
        return id
    }
}
