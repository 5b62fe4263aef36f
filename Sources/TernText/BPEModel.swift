/// A learned byte-pair-encoding model: the merge rules in rank order.
///
/// ## Word boundaries
/// Before any merge, a word is the word-boundary marker "▁" (U+2581, as in SentencePiece) followed by the word's
/// Unicode scalars, each a symbol of its own. The marker merges like any symbol, so after training it sits at the
/// front of the word's first piece ("▁the", "▁x"), and detokenizing is exact: concatenate pieces, turn each
/// marker into a space, drop the leading space (see ``Detokenizer``). Keeping the marker a separate initial symbol,
/// rather than fusing it with the first character, means a character is covered wherever it occurs in a word once
/// it has been seen anywhere in training.
///
/// The marker character itself cannot occur in text as a literal: the learner never counts pairs that touch a
/// literal U+2581 and the encoder maps it to `<unk>`, so round trips fail visibly rather than silently turning it
/// into a space.
///
/// Symbols are Unicode scalars, not grapheme clusters, so an emoji ZWJ sequence or a letter with a combining mark
/// may be split across pieces; concatenating the pieces restores it exactly.
public struct BPEModel: Equatable, Sendable {
    /// The word-boundary marker, U+2581 LOWER ONE EIGHTH BLOCK.
    public static let wordBoundaryMarker = "\u{2581}"
    static let wordBoundaryScalar: Unicode.Scalar = "\u{2581}"

    private let lefts: [String]
    private let rights: [String]

    /// Rebuilds a model from merges in rank order (rank 0 first), exactly as ``merges`` returns them.
    ///
    /// - Throws: ``TextError/invalidMerges(reason:)`` when a side is empty.
    public init(merges: [(left: String, right: String)]) throws {
        for (rank, merge) in merges.enumerated() where merge.left.isEmpty || merge.right.isEmpty {
            throw TextError.invalidMerges(reason: "merge \(rank) has an empty side")
        }
        lefts = merges.map(\.left)
        rights = merges.map(\.right)
    }

    init(validatedLefts lefts: [String], rights: [String]) {
        self.lefts = lefts
        self.rights = rights
    }

    /// The merges in rank order: the first was learned first and is applied first.
    public var merges: [(left: String, right: String)] {
        zip(lefts, rights).map { (left: $0, right: $1) }
    }

    /// Number of merges.
    public var count: Int { lefts.count }

    /// The merge of the given rank.
    public subscript(rank: Int) -> (left: String, right: String) {
        (left: lefts[rank], right: rights[rank])
    }
}
