/// Turns subword pieces back into text.
///
/// Pieces are concatenated; each word-boundary marker (U+2581) at the start of a piece becomes a space, except at
/// the very start of the text. For text whose characters were all seen in training,
/// `detokenize(tokenize(x)) == normalize(x)` holds exactly, scalar for scalar.
public enum Detokenizer {
    private static let markerBytes = Array(BPEModel.wordBoundaryMarker.utf8)

    public static func detokenize<Pieces: Sequence<String>>(_ pieces: Pieces) -> String {
        var bytes: [UInt8] = []
        for piece in pieces {
            var piece = piece
            piece.withUTF8 { utf8 in
                var start = 0
                // Matched on bytes: `hasPrefix` compares grapheme clusters, and the marker followed by a combining
                // mark is one cluster that does not start with the marker alone.
                if utf8.count >= 3, utf8[0] == markerBytes[0], utf8[1] == markerBytes[1], utf8[2] == markerBytes[2] {
                    if !bytes.isEmpty { bytes.append(0x20) }
                    start = 3
                }
                bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[start...]))
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
