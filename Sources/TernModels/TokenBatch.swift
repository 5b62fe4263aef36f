import TernText

/// A batch of token sequences, right-padded into one [batch, length] block.
///
/// TernModels sees only integer ids; the special ones are ``SpecialToken``'s (0 padding, 1 `<s>`, 2 `</s>`, 3 `<unk>`).
public struct TokenBatch: Equatable, Sendable {
    public static let padId = SpecialToken.padding.rawValue
    public static let bosId = SpecialToken.beginOfSentence.rawValue
    public static let eosId = SpecialToken.endOfSentence.rawValue
    public static let unkId = SpecialToken.unknown.rawValue

    /// [batchSize, length], row-major, padding after each sentence's own tokens.
    public let ids: [Int32]
    public let batchSize: Int
    public let length: Int
    /// Each sentence's own length (its tokens are ids[row·length ..< row·length + lengths[row]]).
    public let lengths: [Int]

    public init(ids: [Int32], batchSize: Int, length: Int, lengths: [Int]) {
        precondition(ids.count == batchSize * length, "\(ids.count) ids for a \(batchSize)×\(length) batch")
        precondition(lengths.count == batchSize && lengths.allSatisfy { $0 >= 0 && $0 <= length },
                     "lengths \(lengths) for a \(batchSize)×\(length) batch")
        self.ids = ids
        self.batchSize = batchSize
        self.length = length
        self.lengths = lengths
    }

    /// Pads `rows` to the longest (or to `length`, when given) with `padId`; each row's length is its count.
    public init(rows: [[Int32]], length: Int? = nil, padId: Int32 = TokenBatch.padId) {
        let longest = length ?? rows.map(\.count).max() ?? 0
        var ids = [Int32](repeating: padId, count: rows.count * longest)
        for (b, row) in rows.enumerated() {
            precondition(row.count <= longest, "a row of \(row.count) tokens in a batch of length \(longest)")
            for (t, id) in row.enumerated() { ids[b * longest + t] = id }
        }
        self.init(ids: ids, batchSize: rows.count, length: longest, lengths: rows.map(\.count))
    }

    /// The ids at time `t` of every sentence: [batchSize].
    public func column(_ t: Int) -> [Int32] { (0..<batchSize).map { ids[$0 * length + t] } }

    /// Sentence `b`'s own tokens, without padding.
    public func row(_ b: Int) -> [Int32] { Array(ids[(b * length)..<(b * length + lengths[b])]) }
}
