/// Splits words into vocabulary ids with a ``BPEModel``, caching each distinct word.
///
/// A word is segmented by applying merges by rank: the lowest-ranked adjacent pair first, at all its
/// non-overlapping occurrences left to right, until no adjacent pair has a rank. Then each piece is looked up in
/// the vocabulary. Pieces that are not in the vocabulary — in practice characters never seen in training, and any
/// literal U+2581 — become `<unk>`; a run of such pieces inside one word becomes a single `<unk>`, so one unseen
/// emoji sequence costs one token. Text whose characters were all seen in training never produces `<unk>`, and
/// its pieces detokenize back to the normalized text exactly.
///
/// The encoder keeps a word → ids cache and is meant for one thread at a time; give each thread its own encoder.
public final class BPEEncoder {
    public let model: BPEModel
    public let vocabulary: Vocabulary
    /// Once the cache holds this many words it is emptied, bounding memory on open-ended input.
    public var cacheLimit = 1 << 20

    private let table: MergeTable
    /// Vocabulary id of each symbol id of `table`.
    private let vocabularyIds: [Int]
    /// Words seen so far (by UTF-8 bytes) and their ids, index for index.
    private var cachedWords = ByteStringTable(minimumCapacity: 1 << 14)
    private var cachedIds: [[Int]] = []
    private var scratch: [Int32] = []
    /// Reserved words and their one id (the vocabulary's marked token `▁word`).
    private let reservedIds: [String: Int]

    /// - Parameter reservedWords: words that encode as their one vocabulary token `▁word` (which must exist), never
    ///   segmented.
    public init(model: BPEModel, vocabulary: Vocabulary, reservedWords: [String] = []) {
        self.model = model
        self.vocabulary = vocabulary
        reservedIds = Dictionary(reservedWords.map { ($0, vocabulary.id(of: BPEModel.wordBoundaryMarker + $0)) },
                                 uniquingKeysWith: { first, _ in first })
        // Every vocabulary token is a known symbol, so characters that no merge mentions are still covered.
        table = MergeTable(model: model, extraSymbols: vocabulary.tokens)
        vocabularyIds = table.strings.map { vocabulary.id(of: $0) }
    }

    /// The vocabulary ids of one word (no spaces, already normalized), the first carrying the word-boundary marker.
    public func encode(word: String) -> [Int] {
        var word = word
        return word.withUTF8 { cachedIds[index(ofWord: $0)] }
    }

    /// Appends the ids of every word of already-normalized text (words separated by single spaces).
    public func encode(normalizedText text: String, appendingTo ids: inout [Int]) {
        var text = text
        text.withUTF8 { bytes in
            var start = 0
            let end = bytes.count
            while start < end {
                var stop = start
                while stop < end, bytes[stop] != 0x20 { stop += 1 }
                if stop > start { ids.append(contentsOf: cachedIds[index(ofWord: UnsafeBufferPointer(rebasing: bytes[start..<stop]))]) }
                start = stop + 1
            }
        }
    }

    /// The index in `cachedIds` of a word given as UTF-8 bytes, segmenting it on first sight.
    private func index(ofWord bytes: UnsafeBufferPointer<UInt8>) -> Int {
        if let index = cachedWords.find(bytes) { return index }
        if cachedIds.count >= cacheLimit {
            cachedWords.removeAll()
            cachedIds.removeAll(keepingCapacity: true)
        }
        let word = String(decoding: bytes, as: UTF8.self)
        var ids: [Int] = []
        if let reserved = reservedIds[word] {
            ids = [reserved]
        } else {
            table.segment(word, into: &scratch)
            appendIds(ofSymbols: scratch, to: &ids)
        }
        let (index, _) = cachedWords.insert(bytes)
        cachedIds.append(ids)
        return index
    }

    /// Vocabulary ids of segmented symbols; a run of unknown symbols becomes one `<unk>`.
    private func appendIds(ofSymbols symbols: [Int32], to ids: inout [Int]) {
        var previousUnknown = false
        for symbol in symbols {
            let id = symbol < 0 ? Vocabulary.unknownId : vocabularyIds[Int(symbol)]
            if id == Vocabulary.unknownId && previousUnknown { continue }
            previousUnknown = id == Vocabulary.unknownId
            ids.append(id)
        }
    }

    /// Appends the ids of already-normalized text segmented with BPE-dropout at rate `dropout` (see
    /// `MergeTable.segment(_:into:dropout:generator:)`): a fresh segmentation each call, so no cache; the same
    /// generator state gives the same ids. Every merge result is in a learned vocabulary, so the pieces are known
    /// and decode to the same text as the plain segmentation.
    public func encode<Generator: RandomNumberGenerator>(normalizedText text: String, dropout: Double, generator: inout Generator,
                                                         appendingTo ids: inout [Int]) {
        for word in Normalizer.words(ofNormalized: text) {
            if let reserved = reservedIds[String(word)] {
                ids.append(reserved)
                continue
            }
            table.segment(String(word), into: &scratch, dropout: dropout, generator: &generator)
            appendIds(ofSymbols: scratch, to: &ids)
        }
    }

    /// The pieces of one word as strings; unknown pieces are `<unk>`.
    public func pieces(ofWord word: String) -> [String] {
        encode(word: word).map { vocabulary.token(at: $0) }
    }

    /// Forgets all cached words.
    public func clearCache() {
        cachedWords.removeAll()
        cachedIds.removeAll()
    }
}
