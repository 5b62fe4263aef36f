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
        var scan = Normalizer.scan(text)
        if !scan.isTriviallyNFC {
            text = text.precomposedStringWithCanonicalMapping
            scan = Normalizer.scan(text)
        }
        return scan.hasCleanWhitespace ? text : Normalizer.collapsingWhitespace(text)
    }

    /// The normalized lines of a UTF-8 file.
    ///
    /// - Throws: ``TextError/invalidUTF8(path:line:)`` naming the file and 1-based line of the first bad line, or
    ///   ``TextError/unreadableFile(path:reason:)``.
    public func normalizedLines(ofFile path: String) throws -> [String] {
        try LineReader.lines(ofFile: path).map(normalize)
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

    /// What a single pass over the UTF-8 bytes tells about the work normalization has left to do.
    struct Scan {
        /// True when NFC cannot change the text: every scalar lies below U+0300 or in U+2002..<U+20D0 (general
        /// punctuation such as curly quotes and dashes). No scalar there decomposes or combines, and both ranges
        /// hold only starters, so canonical reordering has nothing to do. This spares the costly Foundation call
        /// for most European text.
        var isTriviallyNFC = true
        /// True when the text has single U+0020 spaces only and none at the ends, the common case for a cleaned
        /// corpus, so it can be returned without copying.
        var hasCleanWhitespace = true
    }

    static func scan(_ text: String) -> Scan {
        var text = text
        return text.withUTF8 { bytes -> Scan in
            var scan = Scan()
            var previousWasSpace = true  // The start counts as a space so that a leading space breaks cleanliness.
            var index = 0
            let count = bytes.count
            while index < count {
                let lead = bytes[index]
                if lead < 0x80 {
                    if lead == 0x20 {
                        if previousWasSpace { scan.hasCleanWhitespace = false }
                        previousWasSpace = true
                    } else {
                        if lead >= 0x09 && lead <= 0x0D { scan.hasCleanWhitespace = false }
                        previousWasSpace = false
                    }
                    index += 1
                    continue
                }
                // The text is valid UTF-8, so the lead byte tells the length and the continuation bytes exist.
                let value: UInt32
                if lead < 0xE0 {
                    value = UInt32(lead & 0x1F) << 6 | UInt32(bytes[index + 1] & 0x3F)
                    index += 2
                } else if lead < 0xF0 {
                    value = UInt32(lead & 0x0F) << 12 | UInt32(bytes[index + 1] & 0x3F) << 6 | UInt32(bytes[index + 2] & 0x3F)
                    index += 3
                } else {
                    value = UInt32(lead & 0x07) << 18 | UInt32(bytes[index + 1] & 0x3F) << 12
                        | UInt32(bytes[index + 2] & 0x3F) << 6 | UInt32(bytes[index + 3] & 0x3F)
                    index += 4
                }
                if value >= 0x300 && !(value >= 0x2002 && value < 0x20D0) { scan.isTriviallyNFC = false }
                // Every non-ASCII White_Space scalar is one of these; the property lookup confirms.
                if value == 0x85 || value == 0xA0 || value == 0x1680 || (value >= 0x2000 && value <= 0x205F) || value == 0x3000,
                   isWhitespace(Unicode.Scalar(value)!) {
                    scan.hasCleanWhitespace = false
                }
                previousWasSpace = false
                if !scan.isTriviallyNFC && !scan.hasCleanWhitespace { break }
            }
            if previousWasSpace && count > 0 { scan.hasCleanWhitespace = false }
            return scan
        }
    }

    /// Whether the scalar has the Unicode `White_Space` property, with the ASCII cases answered without a table.
    @inline(__always)
    static func isWhitespace(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        if value < 0x80 { return value == 0x20 || (value >= 0x09 && value <= 0x0D) }
        return scalar.properties.isWhitespace
    }

    static func collapsingWhitespace(_ text: String) -> String {
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
}
