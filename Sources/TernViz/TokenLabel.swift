/// How a token is written on a heatmap axis.
///
/// The convention: a token is shown as the model sees it. SentencePiece's word-start marker "▁" (U+2581) is kept,
/// because it is what tells a reader that "▁chat" begins a word and "s" continues one; DejaVu Sans draws it as a low
/// bar. Only what would otherwise be invisible or unbounded is changed: a token of spaces becomes "␣", control
/// characters become "�", and a token longer than `maximumCharacters` is cut and ends with "…".
enum TokenLabel {
    /// The longest label, in characters, before it is shortened; long enough for any real subword piece.
    static let maximumCharacters = 24

    /// The text drawn for `token`.
    static func display(_ token: String) -> String {
        if token.isEmpty || token.allSatisfy({ $0.isWhitespace }) {
            return "␣"
        }
        var visible = ""
        for scalar in token.unicodeScalars {
            if scalar.properties.generalCategory == .control {
                visible += "\u{FFFD}"
            } else {
                visible.unicodeScalars.append(scalar)
            }
        }
        if visible.count > maximumCharacters {
            return String(visible.prefix(maximumCharacters - 1)) + "…"
        }
        return visible
    }
}
