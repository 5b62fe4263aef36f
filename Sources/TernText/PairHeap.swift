/// A binary max-heap of (count, pair) entries for the BPE learner.
///
/// Order: higher count first; among equal counts the smaller packed pair (left symbol id in the high 32 bits,
/// right in the low) first. That total order makes pops independent of insertion order, which is what keeps
/// learning deterministic. Entries go stale when counts drop; the learner checks each popped entry against the
/// live count (lazy deletion) instead of updating entries in place.
struct PairHeap {
    struct Entry {
        var count: Int
        var pair: UInt64
    }

    private var entries: [Entry] = []

    var isEmpty: Bool { entries.isEmpty }
    var count: Int { entries.count }

    init() {}

    init(_ unordered: [Entry]) {
        entries = unordered
        var index = entries.count / 2 - 1
        while index >= 0 {
            siftDown(from: index)
            index -= 1
        }
    }

    @inline(__always)
    private static func before(_ a: Entry, _ b: Entry) -> Bool {
        a.count != b.count ? a.count > b.count : a.pair < b.pair
    }

    mutating func push(count: Int, pair: UInt64) {
        entries.append(Entry(count: count, pair: pair))
        var child = entries.count - 1
        let entry = entries[child]
        while child > 0 {
            let parent = (child - 1) / 2
            if !PairHeap.before(entry, entries[parent]) { break }
            entries[child] = entries[parent]
            child = parent
        }
        entries[child] = entry
    }

    mutating func pop() -> Entry? {
        guard let last = entries.popLast() else { return nil }
        guard !entries.isEmpty else { return last }
        let top = entries[0]
        entries[0] = last
        siftDown(from: 0)
        return top
    }

    private mutating func siftDown(from start: Int) {
        let count = entries.count
        let entry = entries[start]
        var parent = start
        while true {
            var child = 2 * parent + 1
            if child >= count { break }
            if child + 1 < count, PairHeap.before(entries[child + 1], entries[child]) { child += 1 }
            if !PairHeap.before(entries[child], entry) { break }
            entries[parent] = entries[child]
            parent = child
        }
        entries[parent] = entry
    }
}
