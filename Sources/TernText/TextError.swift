import Foundation

/// Why reading, learning or rebuilding text resources failed.
///
/// Every case names the file (and, where it makes sense, the 1-based line) so the message can be shown to a user
/// as is.
public enum TextError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The file could not be opened or read at all.
    case unreadableFile(path: String, reason: String)
    /// The file could not be written.
    case unwritableFile(path: String, reason: String)
    /// A line is not valid UTF-8. `line` is 1-based.
    case invalidUTF8(path: String, line: Int)
    /// The file holds no lines, so it cannot be one side of a corpus.
    case emptyFile(path: String)
    /// The two sides of a parallel corpus do not have the same number of lines.
    case lineCountMismatch(sourcePath: String, sourceLines: Int, targetPath: String, targetLines: Int)
    /// Serialized merges cannot be turned back into a BPE model.
    case invalidMerges(reason: String)
    /// Serialized vocabulary entries cannot be turned back into a vocabulary.
    case invalidVocabulary(reason: String)
    /// A text file of merges or vocabulary entries is malformed at a line (1-based).
    case malformedLine(path: String, line: Int, reason: String)

    public var description: String {
        switch self {
        case .unreadableFile(let path, let reason):
            return "cannot read \(path): \(reason)"
        case .unwritableFile(let path, let reason):
            return "cannot write \(path): \(reason)"
        case .invalidUTF8(let path, let line):
            return "\(path):\(line): invalid UTF-8 on line \(line)"
        case .emptyFile(let path):
            return "\(path): file is empty"
        case .lineCountMismatch(let sourcePath, let sourceLines, let targetPath, let targetLines):
            return "line counts differ: \(sourcePath) has \(sourceLines) lines but \(targetPath) has \(targetLines)"
        case .invalidMerges(let reason):
            return "invalid BPE merges: \(reason)"
        case .invalidVocabulary(let reason):
            return "invalid vocabulary: \(reason)"
        case .malformedLine(let path, let line, let reason):
            return "\(path):\(line): \(reason)"
        }
    }
}
