import Foundation
import TernText

/// A file written in pieces; errors name it (exit 73).
final class OutputFile {
    let path: String
    private let handle: FileHandle

    init(path: String) throws {
        guard FileManager.default.createFile(atPath: path, contents: nil), let handle = FileHandle(forWritingAtPath: path) else {
            throw TextError.unwritableFile(path: path, reason: "cannot create it")
        }
        self.path = path
        self.handle = handle
    }

    func write(_ text: String) throws {
        do { try handle.write(contentsOf: Data(text.utf8)) } catch {
            throw TextError.unwritableFile(path: path, reason: error.localizedDescription)
        }
    }

    func close() throws {
        do { try handle.close() } catch { throw TextError.unwritableFile(path: path, reason: error.localizedDescription) }
    }
}
