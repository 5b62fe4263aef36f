/// The four fixed ids at the start of every vocabulary, the one place they are defined: the vocabulary writes them,
/// the models pad and start with them, the search stops at `</s>`.
///
/// Raw values are `Int32`, the type of the id tensors the models read; ``id`` gives the `Int` the vocabulary indexes
/// with.
public enum SpecialToken: Int32, CaseIterable, Sendable {
    /// `<pad>`: fills a batch row after its sentence.
    case padding = 0
    /// `<s>`: the decoder's first input.
    case beginOfSentence = 1
    /// `</s>`: ends every source row and every output.
    case endOfSentence = 2
    /// `<unk>`: anything the vocabulary does not hold.
    case unknown = 3

    public var id: Int { Int(rawValue) }

    /// The token's text in the vocabulary.
    public var text: String {
        switch self {
        case .padding: return "<pad>"
        case .beginOfSentence: return "<s>"
        case .endOfSentence: return "</s>"
        case .unknown: return "<unk>"
        }
    }
}
