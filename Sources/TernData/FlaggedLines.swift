/// A set of 1-based line numbers as a bit set: a million pairs cost 125 KB, and membership is one shift.
public struct FlaggedLines: Equatable, Sendable {
    private var words: [UInt64] = []
    public private(set) var count = 0

    public init() {}

    public mutating func insert(_ line: Int) {
        let word = line >> 6, bit = UInt64(1) << UInt64(line & 63)
        if word >= words.count { words.append(contentsOf: [UInt64](repeating: 0, count: max(word + 1 - words.count, words.count))) }
        if words[word] & bit == 0 {
            words[word] |= bit
            count += 1
        }
    }

    public func contains(_ line: Int) -> Bool {
        let word = line >> 6
        return word < words.count && words[word] & (UInt64(1) << UInt64(line & 63)) != 0
    }

    /// The lines in increasing order.
    public var sorted: [Int] {
        var lines: [Int] = []
        lines.reserveCapacity(count)
        for (index, word) in words.enumerated() where word != 0 {
            for bit in 0..<64 where word & (UInt64(1) << UInt64(bit)) != 0 { lines.append(index << 6 | bit) }
        }
        return lines
    }
}
