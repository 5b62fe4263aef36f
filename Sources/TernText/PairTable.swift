/// The learner's per-pair state — count and the word types that contain the pair — in an open-addressing hash
/// table keyed by the packed pair.
///
/// Swift's `Dictionary` hashes a `UInt64` with SipHash, which dominated learning; a multiplicative hash with
/// linear probing is enough here because keys are not attacker-controlled. Keys are never removed (a pair whose
/// count drops to 0 keeps its slot), which keeps probing free of tombstones; the number of distinct pairs ever
/// seen is small next to the corpus.
struct PairTable {
    private static let empty = UInt64.max

    private var keys: [UInt64]
    private(set) var counts: [Int]
    private(set) var words: [[Int32]]
    /// The learner step in which each slot was last changed, to collect each changed pair once per step.
    private(set) var changedInStep: [Int32]
    private var shift: UInt64
    private var used = 0

    init(minimumCapacity: Int = 1024) {
        var capacity = 16
        while capacity < minimumCapacity * 2 { capacity *= 2 }
        keys = Array(repeating: PairTable.empty, count: capacity)
        counts = Array(repeating: 0, count: capacity)
        words = Array(repeating: [], count: capacity)
        changedInStep = Array(repeating: -1, count: capacity)
        shift = UInt64(64 - capacity.trailingZeroBitCount)
    }

    @inline(__always)
    private func home(_ key: UInt64) -> Int {
        Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> shift)
    }

    /// The slot of `key`, if present.
    @inline(__always)
    func find(_ key: UInt64) -> Int? {
        let mask = keys.count - 1
        var slot = home(key)
        while true {
            let stored = keys[slot]
            if stored == key { return slot }
            if stored == PairTable.empty { return nil }
            slot = (slot + 1) & mask
        }
    }

    /// The live count of `key` (0 if absent).
    @inline(__always)
    func count(of key: UInt64) -> Int {
        guard let slot = find(key) else { return 0 }
        return counts[slot]
    }

    /// The slot of `key`, inserting it with count 0 and no words if absent. Slots move when the table grows.
    @inline(__always)
    mutating func slot(for key: UInt64) -> Int {
        if (used + 1) * 2 > keys.count { grow() }
        let mask = keys.count - 1
        var slot = home(key)
        while true {
            let stored = keys[slot]
            if stored == key { return slot }
            if stored == PairTable.empty {
                keys[slot] = key
                used += 1
                return slot
            }
            slot = (slot + 1) & mask
        }
    }

    /// Adds `delta` to the count at `slot`, returning the count before the first change in `step` if this is it.
    @inline(__always)
    mutating func add(_ delta: Int, at slot: Int, step: Int32) -> Int? {
        let before = counts[slot]
        counts[slot] = before + delta
        if changedInStep[slot] == step { return nil }
        changedInStep[slot] = step
        return before
    }

    /// Records that word type `word` contains the pair at `slot`; repeats of the latest word are skipped.
    @inline(__always)
    mutating func addWord(_ word: Int32, at slot: Int) {
        if words[slot].last != word { words[slot].append(word) }
    }

    /// Takes the list of words recorded for the pair at `slot`, leaving it empty.
    mutating func takeWords(at slot: Int) -> [Int32] {
        var taken: [Int32] = []
        swap(&taken, &words[slot])
        return taken
    }

    /// Every (key, count) with a positive count.
    var positiveEntries: [(key: UInt64, count: Int)] {
        var entries: [(key: UInt64, count: Int)] = []
        for slot in 0..<keys.count where keys[slot] != PairTable.empty && counts[slot] > 0 {
            entries.append((keys[slot], counts[slot]))
        }
        return entries
    }

    private mutating func grow() {
        let oldKeys = keys, oldCounts = counts, oldWords = words, oldChanged = changedInStep
        let capacity = keys.count * 2
        keys = Array(repeating: PairTable.empty, count: capacity)
        counts = Array(repeating: 0, count: capacity)
        words = Array(repeating: [], count: capacity)
        changedInStep = Array(repeating: -1, count: capacity)
        shift -= 1
        let mask = capacity - 1
        for oldSlot in 0..<oldKeys.count where oldKeys[oldSlot] != PairTable.empty {
            var slot = home(oldKeys[oldSlot])
            while keys[slot] != PairTable.empty { slot = (slot + 1) & mask }
            keys[slot] = oldKeys[oldSlot]
            counts[slot] = oldCounts[oldSlot]
            words[slot] = oldWords[oldSlot]
            changedInStep[slot] = oldChanged[oldSlot]
        }
    }
}
