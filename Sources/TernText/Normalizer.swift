import Foundation

/// Puts text into the one canonical form every other part of TernText expects.
///
/// In order: optional lowercasing (full Unicode case mapping), Unicode NFC, then whitespace: every run of scalars
/// with the Unicode `White_Space` property (spaces, tabs, newlines, no-break and ideographic spaces, …) becomes one
/// U+0020 and both ends are trimmed. Lowercasing comes first because case mapping can emit decomposed sequences
/// ("İ" → "i̇"), which NFC must then see. The result is idempotent: `normalize(normalize(x)) == normalize(x)`.
///
/// Words are whatever lies between the single spaces of the result; splitting works on scalars, never on
/// `Character`s, because a space followed by a combining mark is one grapheme cluster yet still two words' border.
public struct Normalizer: Codable, Equatable, Hashable, Sendable {
    /// Whether text is lowercased before anything else.
    public var lowercase: Bool

    public init(lowercase: Bool = false) {
        self.lowercase = lowercase
    }

    /// The normalized form of `text`.
    public func normalize(_ text: String) -> String {
        var text = text
        if lowercase { text = text.lowercased() }
        if !Normalizer.isTriviallyNFC(text) { text = text.precomposedStringWithCanonicalMapping }
        return Normalizer.collapsingWhitespace(text)
    }

    /// The words of `text` after normalization.
    public func words(_ text: String) -> [Substring] {
        Normalizer.words(ofNormalized: normalize(text))
    }

    /// Splits already-normalized text on its single spaces.
    public static func words(ofNormalized text: String) -> [Substring] {
        // Normalized text has no empty words, so splitting on the space byte is exact; UTF-8 split keeps
        // combining marks that follow a space with the next word, unlike a `Character` split.
        text.utf8.split(separator: 0x20).map { Substring($0) }
    }

    /// Text made only of scalars below U+0300 is always NFC: the first combining mark and the first scalar that
    /// NFC would change both sit at or above U+0300. This spares the Foundation call for most European text.
    static func isTriviallyNFC(_ text: String) -> Bool {
        for scalar in text.unicodeScalars where scalar.value >= 0x300 { return false }
        return true
    }

    /// Whether the scalar has the Unicode `White_Space` property, with the ASCII cases answered without a table.
    @inline(__always)
    static func isWhitespace(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        if value < 0x80 { return value == 0x20 || (value >= 0x09 && value <= 0x0D) }
        return scalar.properties.isWhitespace
    }

    static func collapsingWhitespace(_ text: String) -> String {
        if isWhitespaceClean(text) { return text }
        var result = String.UnicodeScalarView()
        var pendingSpace = false
        for scalar in text.unicodeScalars {
            if isWhitespace(scalar) {
                pendingSpace = !result.isEmpty
            } else {
                if pendingSpace {
                    result.append(" ")
                    pendingSpace = false
                }
                result.append(scalar)
            }
        }
        return String(result)
    }

    /// True when the text already has single spaces only and no whitespace at the ends, the common case for a
    /// cleaned corpus, so the text can be returned without copying.
    static func isWhitespaceClean(_ text: String) -> Bool {
        var previousWasSpace = true  // Treats the start like a space so a leading space counts as a run.
        for scalar in text.unicodeScalars {
            let value = scalar.value
            if value == 0x20 {
                if previousWasSpace { return false }
                previousWasSpace = true
            } else if value < 0x80 ? (value >= 0x09 && value <= 0x0D) : (value >= 0x85 && isWhitespace(scalar)) {
                return false
            } else {
                previousWasSpace = false
            }
        }
        return !previousWasSpace || text.isEmpty
    }
}
