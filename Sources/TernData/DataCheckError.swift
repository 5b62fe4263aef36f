/// Why a corpus could not be checked or its clean pairs not written. Defects found in the data are not errors: they
/// are the report.
public enum DataCheckError: Error, Equatable, Sendable, CustomStringConvertible {
    /// An input file could not be opened.
    case unreadableFile(path: String, reason: String)
    /// An output file could not be written.
    case unwritableFile(path: String, reason: String)
    /// A threshold is out of range; `option` is its command-line name.
    case invalidThreshold(option: String, reason: String)

    public var description: String {
        switch self {
        case .unreadableFile(let path, let reason): return "cannot read \(path): \(reason)"
        case .unwritableFile(let path, let reason): return "cannot write \(path): \(reason)"
        case .invalidThreshold(let option, let reason): return "--\(option) \(reason)"
        }
    }
}
