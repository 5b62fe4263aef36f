import Foundation

/// Interns byte strings (UTF-8 words) as dense indices 0, 1, 2, … in insertion order.
///
/// Counting words and caching their segmentations go through a hash lookup per running word, and `String` keys
/// are costly there: hashing and comparing non-ASCII strings goes through Unicode normalization. Words here are
/// already NFC, so comparing bytes is both faster and exact (two different scalar sequences stay two words).
struct ByteStringTable {
    private var arena: [UInt8] = []
    /// Entry `i` occupies `arena[starts[i]..<starts[i + 1]]`.
    private var starts: [Int] = [0]
    private var hashes: [UInt64] = []
    /// Entry index per slot, -1 when empty.
    private var slots: [Int32]

    init(minimumCapacity: Int = 1024) {
        var capacity = 16
        while capacity < minimumCapacity * 2 { capacity *= 2 }
        slots = Array(repeating: -1, count: capacity)
    }

    var count: Int { hashes.count }

    private static func hash(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var hash: UInt64 = 0x9E37_79B9_7F4A_7C15 ^ UInt64(bytes.count)
        guard let base = bytes.baseAddress else { return hash }
        let count = bytes.count
        var index = 0
        while index + 8 <= count {
            hash = (hash ^ UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self)) &* 0xBF58_476D_1CE4_E5B9
            hash ^= hash >> 31
            index += 8
        }
        var tail: UInt64 = 0
        var shift: UInt64 = 0
        while index < count {
            tail |= UInt64(base[index]) << shift
            shift += 8
            index += 1
        }
        hash = (hash ^ tail) &* 0x94D0_49BB_1331_11EB
        return hash ^ (hash >> 29)
    }

    /// The index of `bytes`, inserting them as a new entry when absent.
    mutating func insert(_ bytes: UnsafeBufferPointer<UInt8>) -> (index: Int, inserted: Bool) {
        if (count + 1) * 2 > slots.count { grow() }
        let hash = ByteStringTable.hash(bytes)
        let mask = slots.count - 1
        var slot = Int(truncatingIfNeeded: hash) & mask
        while true {
            let entry = Int(slots[slot])
            if entry < 0 { break }
            if hashes[entry] == hash, equals(entry, bytes) { return (entry, false) }
            slot = (slot + 1) & mask
        }
        let index = count
        slots[slot] = Int32(index)
        hashes.append(hash)
        arena.append(contentsOf: bytes)
        starts.append(arena.count)
        return (index, true)
    }

    /// The index of `bytes`, if present.
    func find(_ bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        let hash = ByteStringTable.hash(bytes)
        let mask = slots.count - 1
        var slot = Int(truncatingIfNeeded: hash) & mask
        while true {
            let entry = Int(slots[slot])
            if entry < 0 { return nil }
            if hashes[entry] == hash, equals(entry, bytes) { return entry }
            slot = (slot + 1) & mask
        }
    }

    /// The entry as a string.
    func string(at index: Int) -> String {
        arena.withUnsafeBufferPointer { String(decoding: UnsafeBufferPointer(rebasing: $0[starts[index]..<starts[index + 1]]), as: UTF8.self) }
    }

    mutating func removeAll() {
        arena.removeAll(keepingCapacity: true)
        starts.removeAll(keepingCapacity: true)
        starts.append(0)
        hashes.removeAll(keepingCapacity: true)
        for slot in slots.indices { slots[slot] = -1 }
    }

    @inline(__always)
    private func equals(_ entry: Int, _ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        let start = starts[entry], length = starts[entry + 1] - start
        guard length == bytes.count else { return false }
        if length == 0 { return true }
        return arena.withUnsafeBufferPointer { memcmp($0.baseAddress! + start, bytes.baseAddress!, length) == 0 }
    }

    private mutating func grow() {
        slots = Array(repeating: -1, count: slots.count * 2)
        let mask = slots.count - 1
        for (entry, hash) in hashes.enumerated() {
            var slot = Int(truncatingIfNeeded: hash) & mask
            while slots[slot] >= 0 { slot = (slot + 1) & mask }
            slots[slot] = Int32(entry)
        }
    }
}
