/// Helpers that treat text the way sacreBLEU's Python code does: as a flat array of Unicode code points.
///
/// Swift's `String` compares and hashes by canonical equivalence, so precomposed "é" (U+00E9) and "e" + U+0301 would
/// be one n-gram in Swift but two in Python. Working on code points keeps Tern's counts identical to sacreBLEU's.
enum PythonText {
    /// A line as code points, the unit Python's `str` indexes, slices and compares by.
    typealias CodePoints = [UInt32]

    /// The code points that Python's `str.isspace()` accepts (bidirectional class WS, B or S, or category Zs).
    ///
    /// `str.split()` with no argument and `str.rstrip()` use exactly this set, and both BLEU (via 13a's final
    /// whitespace collapse) and chrF (via its whitespace removal) depend on it.
    @inline(__always)
    static func isWhitespace(_ codePoint: UInt32) -> Bool {
        switch codePoint {
        case 0x09...0x0D, 0x1C...0x20: return true
        case 0x85, 0xA0: return true
        case 0x1680, 0x2000...0x200A, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000: return true
        default: return false
        }
    }

    static func codePoints(of text: String) -> CodePoints {
        // A closure, not the key path `\.value`: key paths are slow in unoptimised builds.
        text.unicodeScalars.map { $0.value }
    }

    static func string(from codePoints: some Sequence<UInt32>) -> String {
        var scalars = String.UnicodeScalarView()
        for value in codePoints {
            // Every value came from a `String`, so it is a valid scalar; the fallback only guards the type system.
            scalars.append(Unicode.Scalar(value) ?? "\u{FFFD}")
        }
        return String(scalars)
    }

    /// Python's `str.split()`: runs of whitespace separate words, and leading or trailing whitespace yields nothing.
    ///
    /// Words are returned as slices of `text`, which saves an allocation per word.
    static func splitOnWhitespace(_ text: CodePoints) -> [ArraySlice<UInt32>] {
        var words: [ArraySlice<UInt32>] = []
        var start = -1
        var index = 0
        let count = text.count
        while index < count {
            if isWhitespace(text[index]) {
                if start >= 0 {
                    words.append(text[start..<index])
                    start = -1
                }
            } else if start < 0 {
                start = index
            }
            index += 1
        }
        if start >= 0 {
            words.append(text[start..<count])
        }
        return words
    }

    /// `''.join(line.split())`: every whitespace code point removed, as chrF does before extracting n-grams.
    static func removingWhitespace(_ text: CodePoints) -> CodePoints {
        text.filter { !isWhitespace($0) }
    }

    /// Python's `str.rstrip()` with no argument.
    static func trimmingTrailingWhitespace(_ text: CodePoints) -> CodePoints {
        var end = text.endIndex
        while end > text.startIndex, isWhitespace(text[end - 1]) {
            end -= 1
        }
        return Array(text[..<end])
    }

    /// Python's `str.replace(old, new)`: left-to-right, non-overlapping occurrences.
    static func replacingOccurrences(of pattern: CodePoints, with replacement: CodePoints, in text: CodePoints) -> CodePoints {
        guard !pattern.isEmpty, text.count >= pattern.count else { return text }
        var output = CodePoints()
        output.reserveCapacity(text.count)
        var index = 0
        let lastStart = text.count - pattern.count
        while index < text.count {
            if index <= lastStart, text[index] == pattern[0], text[index..<(index + pattern.count)].elementsEqual(pattern) {
                output.append(contentsOf: replacement)
                index += pattern.count
            } else {
                output.append(text[index])
                index += 1
            }
        }
        return output
    }
}
