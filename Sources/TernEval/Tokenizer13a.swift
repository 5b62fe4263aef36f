/// The `13a` tokeniser: sacreBLEU's default for BLEU, equivalent to the tokenisation of WMT's `mteval-v13a.pl`.
///
/// It follows sacreBLEU 2.6.0's `Tokenizer13a` followed by its `TokenizerRegexp` post-tokeniser step for step:
///
/// 1. Remove `<skipped>`, join words hyphenated across a line break (`-\n`), turn remaining newlines into spaces.
/// 2. If the line contains `&`, unescape `&quot;`, `&amp;`, `&lt;` and `&gt;`, in that order (so `&amp;lt;` becomes
///    `<`, but `&amp;quot;` stays `&quot;`, exactly as sequential Python `str.replace` calls do).
/// 3. Pad with a space on each side and apply four regular-expression substitutions:
///    - put spaces around ASCII symbols `{|}~ [\]^_` `` ` `` `space !"#$%& ()*+ :;<=>?@ /` (not `'`, `-`, `.` or `,`);
///    - split `.` and `,` from a preceding non-digit;
///    - split `.` and `,` from a following non-digit;
///    - split `-` from a preceding digit.
/// 4. Collapse whitespace (Python's definition) and trim.
///
/// Each substitution is a two-character pattern applied by Python's `re.sub`, which scans left to right and never
/// lets matches overlap: in `"a.."` only the first period is split by the second rule. `substitutePairs`
/// reproduces that scan so that such inputs tokenise exactly as they do in sacreBLEU.
public struct Tokenizer13a: Sendable {
    public init() {}

    /// The name sacreBLEU uses for this tokeniser in signatures.
    public static let signatureName = "13a"

    /// Tokenises one line and joins the tokens with single spaces, as sacreBLEU's tokenizer returns them.
    public func tokenize(_ line: String) -> String {
        tokens(of: PythonText.codePoints(of: line)).map { PythonText.string(from: $0) }.joined(separator: " ")
    }

    /// Tokenises one line already converted to code points.
    func tokens(of line: PythonText.CodePoints) -> [ArraySlice<UInt32>] {
        var text = line
        // Each replacement is skipped when its first character is absent: most lines have no '<', '\n' or '&'.
        var hasLessThan = false, hasNewline = false, hasAmpersand = false
        for codePoint in text {
            switch codePoint {
            case Self.lessThan: hasLessThan = true
            case Self.newline: hasNewline = true
            case Self.ampersand: hasAmpersand = true
            default: break
            }
        }
        if hasLessThan {
            text = PythonText.replacingOccurrences(of: Self.skippedMarker, with: [], in: text)
        }
        if hasNewline {
            text = PythonText.replacingOccurrences(of: [Self.hyphen, Self.newline], with: [], in: text)
            text = PythonText.replacingOccurrences(of: [Self.newline], with: [Self.space], in: text)
        }
        // sacreBLEU tests for '&' after the line-break joins, which cannot add or remove one.
        if hasAmpersand {
            for (entity, character) in Self.entities {
                text = PythonText.replacingOccurrences(of: entity, with: [character], in: text)
            }
        }

        // sacreBLEU tokenises f' {line} ', so patterns that need a neighbour can match at either end.
        var padded = PythonText.CodePoints()
        padded.reserveCapacity(text.count * 2 + 2)
        padded.append(Self.space)
        for codePoint in text {
            if Self.isSeparatedSymbol(codePoint) {
                padded.append(Self.space)
                padded.append(codePoint)
                padded.append(Self.space)
            } else {
                padded.append(codePoint)
            }
        }
        padded.append(Self.space)

        text = Self.substitutePairs(padded, .periodOrCommaAfterNonDigit)
        text = Self.substitutePairs(text, .periodOrCommaBeforeNonDigit)
        text = Self.substitutePairs(text, .dashAfterDigit)
        return PythonText.splitOnWhitespace(text)
    }

    /// The three two-character rules of 13a's post-tokeniser, in the order sacreBLEU applies them.
    enum PairRule {
        /// `([^0-9])([\.,])` → `\1 \2 `
        case periodOrCommaAfterNonDigit
        /// `([\.,])([^0-9])` → ` \1 \2`
        case periodOrCommaBeforeNonDigit
        /// `([0-9])(-)` → `\1 \2 `
        case dashAfterDigit
    }

    /// Applies a two-code-point rule with `re.sub` semantics: leftmost match first, and scanning resumes after the
    /// matched pair, so a code point consumed by one match cannot start or end another.
    static func substitutePairs(_ text: PythonText.CodePoints, _ rule: PairRule) -> PythonText.CodePoints {
        var output = PythonText.CodePoints()
        output.reserveCapacity(text.count + text.count / 2)
        let count = text.count
        var index = 0
        while index < count {
            let first = text[index]
            if index + 1 < count {
                let second = text[index + 1]
                switch rule {
                case .periodOrCommaAfterNonDigit where !isASCIIDigit(first) && isPeriodOrComma(second),
                     .dashAfterDigit where isASCIIDigit(first) && second == hyphen:
                    output.append(first)
                    output.append(space)
                    output.append(second)
                    output.append(space)
                    index += 2
                    continue
                case .periodOrCommaBeforeNonDigit where isPeriodOrComma(first) && !isASCIIDigit(second):
                    output.append(space)
                    output.append(first)
                    output.append(space)
                    output.append(second)
                    index += 2
                    continue
                default:
                    break
                }
            }
            output.append(first)
            index += 1
        }
        return output
    }

    /// The character class `[\{-\~\[-\` -\&\(-\+\:-\@\/]` of 13a's first rule.
    @inline(__always)
    static func isSeparatedSymbol(_ codePoint: UInt32) -> Bool {
        switch codePoint {
        case 0x7B...0x7E,  // { | } ~
             0x5B...0x60,  // [ \ ] ^ _ `
             0x20...0x26,  // space ! " # $ % &
             0x28...0x2B,  // ( ) * +
             0x3A...0x40,  // : ; < = > ? @
             0x2F:         // /
            return true
        default:
            return false
        }
    }

    /// `[0-9]` in a Python `str` pattern is the ASCII range only; other scripts' digits count as non-digits.
    @inline(__always)
    static func isASCIIDigit(_ codePoint: UInt32) -> Bool { codePoint >= 0x30 && codePoint <= 0x39 }

    @inline(__always)
    static func isPeriodOrComma(_ codePoint: UInt32) -> Bool { codePoint == 0x2E || codePoint == 0x2C }

    static let space: UInt32 = 0x20
    static let newline: UInt32 = 0x0A
    static let hyphen: UInt32 = 0x2D
    static let ampersand: UInt32 = 0x26
    static let lessThan: UInt32 = 0x3C
    static let skippedMarker = PythonText.codePoints(of: "<skipped>")
    static let entities: [(PythonText.CodePoints, UInt32)] = [
        (PythonText.codePoints(of: "&quot;"), 0x22),
        (PythonText.codePoints(of: "&amp;"), 0x26),
        (PythonText.codePoints(of: "&lt;"), 0x3C),
        (PythonText.codePoints(of: "&gt;"), 0x3E),
    ]
}
