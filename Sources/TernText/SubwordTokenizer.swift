/// Text to subword ids and back for one side of a translation pair: a ``Normalizer``, a ``BPEModel`` and a
/// ``Vocabulary`` working together.
///
/// `detokenize(tokenize(x)) == normalizer.normalize(x)` for every `x` whose characters were seen in training;
/// unseen characters become `<unk>` (see ``BPEEncoder``). Like its encoder, a tokenizer caches words and is meant
/// for one thread at a time.
public final class SubwordTokenizer {
    public let normalizer: Normalizer
    public let encoder: BPEEncoder
    public var model: BPEModel { encoder.model }
    public var vocabulary: Vocabulary { encoder.vocabulary }

    /// - Parameter reservedWords: words kept as one token each (see ``SubwordConfig/reservedWords``).
    public init(model: BPEModel, vocabulary: Vocabulary, normalizer: Normalizer, reservedWords: [String] = []) {
        self.normalizer = normalizer
        encoder = BPEEncoder(model: model, vocabulary: vocabulary, reservedWords: reservedWords)
    }

    /// The subword pieces of `text`; unknown pieces are `<unk>`.
    public func tokenize(_ text: String) -> [String] {
        encode(text).map { vocabulary.token(at: $0) }
    }

    /// The vocabulary ids of `text`, optionally followed by `</s>`.
    public func encode(_ text: String, appendEndOfSentence: Bool = false) -> [Int] {
        encode(normalized: normalizer.normalize(text), appendEndOfSentence: appendEndOfSentence)
    }

    /// The ids of text that `normalizer` has already normalised (a corpus normalised once for filtering and word
    /// counts): the same ids as ``encode(_:appendEndOfSentence:)``, since normalisation is idempotent, without a
    /// second pass.
    public func encode(normalized text: String, appendEndOfSentence: Bool = false) -> [Int] {
        var ids: [Int] = []
        encoder.encode(normalizedText: text, appendingTo: &ids)
        if appendEndOfSentence { ids.append(Vocabulary.endOfSentenceId) }
        return ids
    }

    /// The ids of normalised text segmented with BPE-dropout at rate `dropout` (see
    /// ``BPEEncoder/encode(normalizedText:dropout:generator:appendingTo:)``), for training only.
    public func encode<Generator: RandomNumberGenerator>(normalized text: String, dropout: Double, generator: inout Generator) -> [Int] {
        var ids: [Int] = []
        encoder.encode(normalizedText: text, dropout: dropout, generator: &generator, appendingTo: &ids)
        return ids
    }

    /// The text of pieces; see ``Detokenizer``.
    public func detokenize(_ pieces: [String]) -> String {
        Detokenizer.detokenize(pieces)
    }

    /// The text of ids up to `</s>`; see ``Vocabulary/decode(_:)``.
    public func decode(_ ids: [Int]) -> String {
        vocabulary.decode(ids)
    }
}
