/// The writing system of a letter, from a table of Unicode block ranges: enough to tell which scripts a side of a
/// corpus mostly uses and to spot letters from others. Swift's standard library has no Script property, and ICU
/// would be a dependency for this alone; a letter outside the table is `other`.
public enum Script: Int, CaseIterable, Codable, Sendable, CustomStringConvertible {
    case latin, greek, cyrillic, armenian, hebrew, arabic, devanagari, bengali, thai, georgian, hangul, hiragana,
         katakana, han, other

    /// Ranges of code points, per script (letters only are classified; see ``of(_:)``).
    private static let ranges: [(ClosedRange<UInt32>, Script)] = [
        (0x41...0x5A, .latin), (0x61...0x7A, .latin), (0xAA...0xAA, .latin), (0xBA...0xBA, .latin), (0xC0...0x24F, .latin),
        (0x250...0x2AF, .latin), (0x1D00...0x1D7F, .latin), (0x1E00...0x1EFF, .latin), (0x2C60...0x2C7F, .latin),
        (0xA720...0xA7FF, .latin), (0xFB00...0xFB06, .latin), (0xFF21...0xFF3A, .latin), (0xFF41...0xFF5A, .latin),
        (0x370...0x3FF, .greek), (0x1F00...0x1FFF, .greek),
        (0x400...0x52F, .cyrillic), (0x1C80...0x1C8F, .cyrillic), (0x2DE0...0x2DFF, .cyrillic), (0xA640...0xA69F, .cyrillic),
        (0x530...0x58F, .armenian), (0x590...0x5FF, .hebrew), (0xFB1D...0xFB4F, .hebrew),
        (0x600...0x6FF, .arabic), (0x750...0x77F, .arabic), (0xFB50...0xFDFF, .arabic), (0xFE70...0xFEFF, .arabic),
        (0x900...0x97F, .devanagari), (0x980...0x9FF, .bengali), (0xE00...0xE7F, .thai), (0x10A0...0x10FF, .georgian),
        (0x1100...0x11FF, .hangul), (0x3130...0x318F, .hangul), (0xAC00...0xD7AF, .hangul),
        (0x3040...0x309F, .hiragana), (0x30A0...0x30FF, .katakana), (0x31F0...0x31FF, .katakana),
        (0x3400...0x4DBF, .han), (0x4E00...0x9FFF, .han), (0xF900...0xFAFF, .han), (0x20000...0x3134F, .han),
    ]

    /// The script of a letter (a scalar with the Alphabetic property that is not a combining mark), nil for anything
    /// else: digits, punctuation, symbols and marks belong to no script of their own.
    public static func of(_ scalar: Unicode.Scalar) -> Script? {
        let value = scalar.value
        if value < 0x80 {
            return (0x41...0x5A).contains(value) || (0x61...0x7A).contains(value) ? .latin : nil
        }
        let properties = scalar.properties
        guard properties.isAlphabetic else { return nil }
        switch properties.generalCategory {
        case .nonspacingMark, .spacingMark, .enclosingMark: return nil
        default: break
        }
        for (range, script) in ranges where range.contains(value) { return script }
        return .other
    }

    /// One bit per script, for a line's set of scripts.
    public var bit: UInt32 { 1 << UInt32(rawValue) }

    public var description: String {
        switch self {
        case .latin: return "Latin"
        case .greek: return "Greek"
        case .cyrillic: return "Cyrillic"
        case .armenian: return "Armenian"
        case .hebrew: return "Hebrew"
        case .arabic: return "Arabic"
        case .devanagari: return "Devanagari"
        case .bengali: return "Bengali"
        case .thai: return "Thai"
        case .georgian: return "Georgian"
        case .hangul: return "Hangul"
        case .hiragana: return "Hiragana"
        case .katakana: return "Katakana"
        case .han: return "Han"
        case .other: return "another script"
        }
    }
}
