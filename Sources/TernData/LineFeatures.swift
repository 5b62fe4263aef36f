/// What the pair checks need to know about one side of a pair, gathered in one pass over its UTF-8 bytes.
///
/// - words: whitespace-separated words, with the Unicode White_Space property as the separator — the count the
///   trainer's `max_length` filter uses (`ParallelCorpus.wordCount`), and OpusFilter's `len(sent.split())`.
/// - numbers: maximal runs of decimal digits, where a `.` or `,` between two digits is skipped, so "1,000" and
///   "1.000" (English and Spanish thousands) are the same number; sorted, so their order in the sentence is free.
///   The argument numbers of positional printf directives (`%2$s`) are not numbers of the text and are left out.
/// - scripts: one bit per ``Script`` of the line's letters.
/// - wordHashes: a hash of each word made of letters only — opening punctuation before them and closing
///   punctuation after them allowed ("(and", "the,") — with ASCII letters lowercased (for the language markers).
///   Anything else ("%s", "%04o", "`on'", "don't", "x86") is no evidence of a language and is left out.
public struct LineFeatures {
    public var words = 0
    public var numbers: [String] = []
    public var scripts: UInt32 = 0
    public var wordHashes: [UInt64] = []

    public init() {}

    /// Features of a line (`features` is reused between calls to spare allocations).
    public static func of(_ text: String, into features: inout LineFeatures) {
        features.words = 0
        features.numbers.removeAll(keepingCapacity: true)
        features.scripts = 0
        features.wordHashes.removeAll(keepingCapacity: true)
        var inWord = false
        var hash = LineFeatures.hashSeed
        var wordPhase = WordPhase.opening
        var digits = ""
        var pendingSeparator = false  // a `.` or `,` right after a digit
        var previous: UInt32 = 0x20
        var digitsFollowPercent = false
        func endNumber(at scalar: UInt32 = 0x20) {
            if !digits.isEmpty && !(digitsFollowPercent && scalar == 0x24 && !pendingSeparator) { features.numbers.append(digits) }
            digits = ""
            pendingSeparator = false
        }
        func endWord() {
            if inWord && (wordPhase == .letters || wordPhase == .closing) { features.wordHashes.append(hash) }
            inWord = false
            hash = LineFeatures.hashSeed
            wordPhase = .opening
        }
        for scalar in text.unicodeScalars {
            let value = scalar.value
            defer { previous = value }
            let isSpace = value < 0x80 ? (value == 0x20 || (value >= 0x09 && value <= 0x0D)) : scalar.properties.isWhitespace
            if isSpace {
                endWord()
                endNumber()
                continue
            }
            if !inWord {
                inWord = true
                features.words += 1
            }
            if value >= 0x30 && value <= 0x39 || (value >= 0x80 && scalar.properties.numericType == .decimal) {
                if digits.isEmpty { digitsFollowPercent = previous == 0x25 }
                pendingSeparator = false
                wordPhase = .rejected
                // Digits of other scripts ("٣") count as the same number as their ASCII form.
                if value < 0x80 { digits.unicodeScalars.append(scalar) } else { digits += String(Int(scalar.properties.numericValue ?? 0)) }
                continue
            }
            if (value == 0x2E || value == 0x2C) && !digits.isEmpty && !pendingSeparator {
                pendingSeparator = true
                continue
            }
            endNumber(at: value)
            let script = Script.of(scalar)
            wordPhase = wordPhase.next(letter: script != nil, scalar: scalar)
            if let script {
                features.scripts |= script.bit
                // ASCII letters are folded to lowercase; other letters are hashed as they are.
                let folded = value >= 0x41 && value <= 0x5A ? value + 0x20 : value
                hash = (hash ^ UInt64(folded)) &* 0x100_0000_01B3
            }
        }
        endWord()
        endNumber()
        features.numbers.sort()
    }

    /// The hash of a word as ``of(_:into:)`` computes it (FNV-1a over the scalars of its letters).
    public static func hash(ofWord word: String) -> UInt64? {
        var features = LineFeatures()
        of(word, into: &features)
        return features.wordHashes.first
    }

    static let hashSeed: UInt64 = 0xCBF2_9CE4_8422_2325

    /// Where a word's scan stands: before its letters, in them, after them, or out (not a plain word).
    enum WordPhase {
        case opening, letters, closing, rejected

        /// `( [ " « “ ‘ ¿ ¡` may open a word (a switch, not a set: this runs for every character of the corpus).
        static func opens(_ value: UInt32) -> Bool {
            switch value {
            case 0x28, 0x5B, 0x22, 0xAB, 0x201C, 0x2018, 0xBF, 0xA1: return true
            default: return false
            }
        }

        /// `) ] " » ” ’ , . ; : ! ?` may close one.
        static func closes(_ value: UInt32) -> Bool {
            switch value {
            case 0x29, 0x5D, 0x22, 0xBB, 0x201D, 0x2019, 0x2C, 0x2E, 0x3B, 0x3A, 0x21, 0x3F: return true
            default: return false
            }
        }

        func next(letter: Bool, scalar: Unicode.Scalar) -> WordPhase {
            switch self {
            case .rejected: return .rejected
            case .opening: return letter ? .letters : (Self.opens(scalar.value) ? .opening : .rejected)
            case .letters: return letter ? .letters : (Self.closes(scalar.value) ? .closing : .rejected)
            case .closing: return !letter && Self.closes(scalar.value) ? .closing : .rejected
            }
        }
    }
}
