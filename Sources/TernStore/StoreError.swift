import Foundation

/// Everything that can go wrong while reading or writing a Tern model file.
///
/// Each case's ``description`` says what is wrong and what to do about it, so a command-line tool can print the error
/// as it is. No operation that throws one of these has changed the file: writes happen inside a transaction that is
/// rolled back, and a model is never created over an existing file.
public enum StoreError: Error, CustomStringConvertible, Equatable, Sendable {
    /// The path does not exist (opening) or its directory cannot be written (creating).
    case fileNotFound(path: String)
    /// Creating a model was refused because something already exists at the path.
    case fileExists(path: String, isTernModel: Bool)
    /// The file is not an SQLite database at all (a text file, an archive, a damaged header).
    case notSQLite(path: String)
    /// The file is an SQLite database, but not a Tern model (another program's database, or an empty one).
    case notATernModel(path: String, reason: String)
    /// The file was written by a newer Tern whose format this build cannot read.
    case newerFormat(path: String, found: Int, supported: Int)
    /// The file is damaged: truncated, bytes changed, or a structural check failed.
    case corrupted(path: String, detail: String)
    /// A stored tensor's blob length does not match the element count its shape implies.
    case tensorSizeMismatch(name: String, shape: [Int], expectedBytes: Int, actualBytes: Int)
    /// No checkpoint with the requested id, or no checkpoint at all.
    case missingCheckpoint(String)
    /// The caller passed something the format cannot store (empty or duplicate tensor names, a negative dimension,
    /// a shape that does not match the value count, text that is not JSON, a non-finite metric).
    case invalidArgument(String)
    /// The model was opened read-only and a write was attempted.
    case readOnly(path: String)
    /// Another connection kept the database locked for longer than the busy timeout.
    case busy(path: String)
    /// The model was used after ``ModelFile/close()``.
    case closed(path: String)
    /// An SQLite call failed in a way none of the cases above explains.
    case sqlite(code: Int32, message: String, context: String)

    public var description: String {
        switch self {
        case .fileNotFound(let path):
            return "No model file at \(path): check the path, or create the model first."
        case .fileExists(let path, let isTernModel):
            if isTernModel {
                return "\(path) is already a Tern model; open it instead of creating it, or choose another path."
            }
            return "\(path) already exists and is not a Tern model; refusing to overwrite it. "
                + "Choose another path or move the file away."
        case .notSQLite(let path):
            return "\(path) is not a Tern model: it is not an SQLite database (a text file, another format, "
                + "or a file whose header is damaged). Check the path; if it was a model, restore it from a backup."
        case .notATernModel(let path, let reason):
            return "\(path) is an SQLite database but not a Tern model (\(reason)). Check the path."
        case .newerFormat(let path, let found, let supported):
            return "\(path) uses model format version \(found), but this tern reads versions up to \(supported). "
                + "Upgrade tern to read it."
        case .corrupted(let path, let detail):
            return "\(path) is damaged (\(detail)). The file may be truncated or partly overwritten; "
                + "restore it from a backup, or load an older checkpoint if only one checkpoint is affected."
        case .tensorSizeMismatch(let name, let shape, let expectedBytes, let actualBytes):
            return "Tensor '\(name)' has shape \(shape), which needs \(expectedBytes) bytes of float32, "
                + "but its stored data has \(actualBytes) bytes. The checkpoint is damaged; load another checkpoint."
        case .missingCheckpoint(let what):
            return "Missing checkpoint: \(what). Run `tern info MODEL` to list the checkpoints the file holds."
        case .invalidArgument(let what):
            return "Cannot store this: \(what)."
        case .readOnly(let path):
            return "\(path) was opened read-only; open it for writing to change it."
        case .busy(let path):
            return "\(path) is locked by another process for too long; wait for it to finish and try again."
        case .closed(let path):
            return "\(path) was already closed; open it again to use it."
        case .sqlite(let code, let message, let context):
            return "SQLite error \(code) while \(context): \(message)."
        }
    }
}
