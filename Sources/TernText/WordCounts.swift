/// How often each word occurs in a body of normalized text: the input of ``BPELearner``.
///
/// Words are the space-separated pieces of text produced by ``Normalizer``.
public struct WordCounts: Equatable, Sendable {
    /// Occurrences of each distinct word.
    public private(set) var counts: [String: Int] = [:]
    /// Number of lines added with ``add(normalizedLine:)``.
    public private(set) var lines = 0

    public init() {}

    /// Counts the words of lines, normalizing each first.
    public init(lines: [String], normalizer: Normalizer) {
        for line in lines { add(normalizedLine: normalizer.normalize(line)) }
    }

    /// Total number of word occurrences.
    public var totalWords: Int { counts.values.reduce(0, +) }

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
                if stop > start {
                    // Decoding validated bytes cut at an ASCII space yields the same scalars.
                    let word = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<stop]), as: UTF8.self)
                    counts[word, default: 0] += 1
                }
                start = stop + 1
            }
        }
    }

    /// Adds `count` occurrences of one word.
    public mutating func add(word: String, count: Int = 1) {
        guard !word.isEmpty, count > 0 else { return }
        counts[word, default: 0] += count
    }

    /// Adds every count of `other`, as when joining the two sides of a corpus into one vocabulary.
    public mutating func add(_ other: WordCounts) {
        counts.merge(other.counts, uniquingKeysWith: +)
        lines += other.lines
    }
}
