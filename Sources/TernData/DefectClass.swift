/// The kinds of defect `tern check-data` looks for, in the order the report lists them.
public enum DefectClass: String, CaseIterable, Codable, Sendable {
    /// Lines of the longer file that have no partner in the shorter one.
    case lineCountMismatch = "line_count_mismatch"
    /// A side that is not valid UTF-8 (the finding names the byte).
    case invalidUTF8 = "invalid_utf8"
    /// A side with no words.
    case emptySide = "empty_side"
    /// A pair equal, byte for byte, to an earlier pair (the earlier one is kept).
    case duplicate = "duplicate"
    /// A source whose words are the target's words.
    case copy = "copy"
    /// OpusFilter's LengthRatioFilter rejects the pair: longer side's words / shorter side's words ≥ the threshold.
    case lengthRatio = "length_ratio"
    /// A side with more words than the trainer's `max_length`: training drops the pair.
    case overLong = "over_long"
    /// The numbers written in digits differ between the sides.
    case numberMismatch = "number_mismatch"
    /// Letters from a script that the side does not mostly use.
    case foreignScript = "foreign_script"
    /// A side whose words are typical of the other side's language (swapped or untranslated lines).
    case wrongLanguage = "wrong_language"
    /// A run of consecutive pairs flagged by the content checks (length ratio, numbers, script, language): a likely
    /// misaligned block. Its lines are already counted in their own classes.
    case misalignedBlock = "misaligned_block"

    /// A short phrase for reports: "12 duplicate pairs".
    public var summary: String {
        switch self {
        case .lineCountMismatch: return "lines without a partner (the files' line counts differ)"
        case .invalidUTF8: return "pairs with invalid UTF-8"
        case .emptySide: return "pairs with an empty side"
        case .duplicate: return "exact duplicates of an earlier pair"
        case .copy: return "copies (source = target)"
        case .lengthRatio: return "length-ratio outliers"
        case .overLong: return "over-long pairs"
        case .numberMismatch: return "pairs whose numbers differ"
        case .foreignScript: return "pairs with letters outside the side's script"
        case .wrongLanguage: return "pairs with a side in the other language"
        case .misalignedBlock: return "runs of consecutive outliers (likely misaligned blocks)"
        }
    }
}

/// One defect: the 1-based line it is on (the first line, for a block) and what is wrong there.
public struct Finding: Codable, Equatable, Sendable {
    public var line: Int
    /// The last line of a block (``DefectClass/misalignedBlock``); equal to `line` otherwise.
    public var lastLine: Int
    public var detail: String

    public init(line: Int, lastLine: Int? = nil, detail: String) {
        self.line = line
        self.lastLine = lastLine ?? line
        self.detail = detail
    }
}
