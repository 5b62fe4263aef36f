/// How often each word occurs in a body of normalized text: the input of ``BPELearner``.
///
/// Words are the space-separated pieces of text produced by ``Normalizer``. They are told apart by their exact
/// UTF-8 bytes, which for normalized text is the same as by their scalars.
public struct WordCounts: Sendable {
    private var words = ByteStringTable(minimumCapacity: 1 << 14)
    private var frequencies: [Int] = []
    /// Number of lines added with ``add(normalizedLine:)``.
    public private(set) var lines = 0

    public init() {}

    /// Counts the words of lines, normalizing each first.
    public init(lines: [String], normalizer: Normalizer) {
        for line in lines { add(normalizedLine: normalizer.normalize(line)) }
    }

    /// Occurrences of each distinct word.
    public var counts: [String: Int] {
        var counts: [String: Int] = [:]
        counts.reserveCapacity(frequencies.count)
        forEach { counts[$0, default: 0] += $1 }
        return counts
    }

    /// Number of distinct words.
    public var distinctWords: Int { frequencies.count }

    /// Total number of word occurrences.
    public var totalWords: Int { frequencies.reduce(0, +) }

    /// Calls `body` with every distinct word and its count, in the order words were first seen.
    public func forEach(_ body: (String, Int) throws -> Void) rethrows {
        for index in frequencies.indices { try body(words.string(at: index), frequencies[index]) }
    }

    /// Adds the words of a line that is already normalized (single spaces, no spaces at the ends).
    public mutating func add(normalizedLine line: String) {
        lines += 1
        var line = line
        line.withUTF8 { bytes in
            var start = 0
            let end = bytes.count
            while start < end {
                var stop = start
                while stop < end, bytes[stop] != 0x20 { stop += 1 }
                if stop > start { add(bytes: UnsafeBufferPointer(rebasing: bytes[start..<stop]), count: 1) }
                start = stop + 1
            }
        }
    }

    /// Adds `count` occurrences of one word.
    public mutating func add(word: String, count: Int = 1) {
        guard !word.isEmpty, count > 0 else { return }
        var word = word
        word.withUTF8 { add(bytes: $0, count: count) }
    }

    /// Adds every count of `other`, as when joining the two sides of a corpus into one vocabulary.
    public mutating func add(_ other: WordCounts) {
        other.forEach { add(word: $0, count: $1) }
        lines += other.lines
    }

    private mutating func add(bytes: UnsafeBufferPointer<UInt8>, count: Int) {
        let (index, inserted) = words.insert(bytes)
        if inserted { frequencies.append(count) } else { frequencies[index] += count }
    }
}

extension WordCounts: Equatable {
    /// Equal when the same words have the same counts and the same number of lines was added, in any order.
    public static func == (lhs: WordCounts, rhs: WordCounts) -> Bool {
        lhs.lines == rhs.lines && lhs.counts == rhs.counts
    }
}
