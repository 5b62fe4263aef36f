import Foundation

/// What can go wrong in a search: a bad space file (with its line), a bad study file, a bad request.
public enum TuneError: Error, CustomStringConvertible, Equatable {
    /// The space file does not exist or cannot be read.
    case missingSpace(path: String)
    /// A line of the space file is wrong; `line` is 1-based.
    case badSpace(path: String, line: Int, reason: String)
    /// The study file exists but is not a study, or is damaged.
    case badStudy(path: String, reason: String)
    /// The study file does not exist (`--resume`, `--results`).
    case missingStudy(path: String)
    /// The study file already exists (a new study never overwrites one).
    case studyExists(path: String)
    /// SQLite failed to read or write the study.
    case storage(path: String, reason: String)

    public var description: String {
        switch self {
        case let .missingSpace(path): return "\(path): no such search-space file"
        case let .badSpace(path, line, reason): return "\(path):\(line): \(reason)"
        case let .badStudy(path, reason): return "\(path): not a usable study: \(reason)"
        case let .missingStudy(path): return "\(path): no such study file"
        case let .studyExists(path): return "\(path) already exists; resume it with --resume, or choose another --study"
        case let .storage(path, reason): return "\(path): \(reason)"
        }
    }
}
