import Foundation

/// An n-gram packed into 128 bits, the key of ``NGramCountTable``.
///
/// Word n-grams pack up to four token identifiers, character n-grams up to six code points. Both store each
/// element plus one, so the all-zero key never names a real n-gram and marks an empty slot, and n-grams of
/// different orders never share a key.
struct NGramKey: Equatable {
    var high: UInt64 = 0
    var low: UInt64 = 0
}

/// Counts n-grams in an open-addressing hash table over raw memory.
///
/// Metrics are mostly run from debug builds (tests, quick checks), where `Dictionary` with a custom key goes
/// through unspecialised generic code at several hundred nanoseconds per insert; this table is about ten times
/// faster there, which is what keeps scoring a thousand sentences well under a second. Its stored properties are
/// all constants so that debug builds do not pay a dynamic exclusivity check on every access; one table is reused
/// across a corpus through ``cleared(forAtMost:)``.
final class NGramCountTable {
    private let keys: UnsafeMutablePointer<NGramKey>
    private let counts: UnsafeMutablePointer<Int>
    /// A power of two, at least twice the number of keys the table was cleared for, so probing always ends.
    private let capacity: Int
    private let shift: UInt64

    /// An empty table with room for `entryCount` distinct keys at a load factor of at most one half.
    init(forAtMost entryCount: Int = 0) {
        var capacity = 64
        while capacity < 2 * entryCount { capacity *= 2 }
        self.capacity = capacity
        shift = 64 - UInt64(capacity.trailingZeroBitCount)
        keys = .allocate(capacity: capacity)
        counts = .allocate(capacity: capacity)
        memset(keys, 0, capacity * MemoryLayout<NGramKey>.stride)
    }

    deinit {
        keys.deallocate()
        counts.deallocate()
    }

    /// An empty table with room for `entryCount` distinct keys: this one, emptied, if it is large enough.
    ///
    /// Callers must not insert more distinct keys than they asked room for; an upper bound (the number of n-gram
    /// occurrences) is always at hand.
    func cleared(forAtMost entryCount: Int) -> NGramCountTable {
        // Clearing costs the whole capacity, so a table much larger than needed (after one long segment) is
        // replaced rather than cleared.
        guard 2 * entryCount <= capacity, 16 * entryCount >= capacity || capacity == 64 else {
            return NGramCountTable(forAtMost: entryCount)
        }
        memset(keys, 0, capacity * MemoryLayout<NGramKey>.stride)
        return self
    }

    /// Adds one occurrence of `key`.
    func increment(_ key: NGramKey) {
        let slot = findSlot(key)
        if keys[slot].high == 0 {
            keys[slot] = key
            counts[slot] = 1
        } else {
            counts[slot] += 1
        }
    }

    /// What ``consume(_:)`` found.
    enum Consumption {
        /// The key was never counted.
        case absent
        /// The key was counted, but every occurrence has been consumed already.
        case exhausted
        /// One occurrence was taken.
        case consumed
    }

    /// Takes one remaining occurrence of `key`, if there is one.
    func consume(_ key: NGramKey) -> Consumption {
        let slot = findSlot(key)
        if keys[slot].high == 0 { return .absent }
        if counts[slot] == 0 { return .exhausted }
        counts[slot] -= 1
        return .consumed
    }

    /// The slot holding `key`, or the empty slot where it would go (linear probing).
    @inline(__always)
    private func findSlot(_ key: NGramKey) -> Int {
        var hash = key.high &* 0x9E37_79B9_7F4A_7C15 ^ key.low &* 0xC2B2_AE3D_27D4_EB4F
        hash ^= hash >> 31
        hash &*= 0x1656_67B1_9E37_79F9
        let mask = capacity - 1
        var slot = Int(truncatingIfNeeded: hash >> shift)
        while true {
            let stored = keys[slot]
            if stored.high == 0 || (stored.high == key.high && stored.low == key.low) { return slot }
            slot = (slot + 1) & mask
        }
    }
}
