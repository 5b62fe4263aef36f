import Foundation

/// Reads a text file as UTF-8 lines, fast and strictly.
///
/// The whole file is read as bytes and split on `\n`; each line is validated as UTF-8 on its own so that an error
/// can name the offending line. A trailing `\r` is stripped (files written on Windows), a leading UTF-8 byte-order
/// mark is dropped, and a final `\n` does not produce an extra empty line.
public enum LineReader {
    /// The lines of the file at `path`, without line terminators.
    ///
    /// - Throws: ``TextError/unreadableFile(path:reason:)`` or ``TextError/invalidUTF8(path:line:)``.
    public static func lines(ofFile path: String) throws -> [String] {
        let bytes = try contents(ofFile: path)
        return try lines(of: bytes, path: path)
    }

    /// Splits in-memory bytes into validated lines; `path` is only used in error messages.
    public static func lines(of bytes: [UInt8], path: String) throws -> [String] {
        try bytes.withUnsafeBufferPointer { buffer -> [String] in
            var lines: [String] = []
            lines.reserveCapacity(buffer.count / 64 + 1)
            var start = 0
            // A byte-order mark is an encoding artefact, not text.
            if buffer.count >= 3, buffer[0] == 0xEF, buffer[1] == 0xBB, buffer[2] == 0xBF { start = 3 }
            let end = buffer.count
            var lineNumber = 0
            while start < end {
                lineNumber += 1
                // memchr is vectorised and, unlike a generic search, fast in debug builds too.
                let stop = memchr(buffer.baseAddress! + start, 0x0A, end - start)
                    .map { UnsafePointer($0.assumingMemoryBound(to: UInt8.self)) - buffer.baseAddress! } ?? end
                var contentEnd = stop
                if contentEnd > start, buffer[contentEnd - 1] == 0x0D { contentEnd -= 1 }
                let slice = UnsafeBufferPointer(rebasing: buffer[start..<contentEnd])
                guard UTF8Validation.isValid(slice) else { throw TextError.invalidUTF8(path: path, line: lineNumber) }
                lines.append(String(decoding: slice, as: UTF8.self))
                start = stop + 1
            }
            return lines
        }
    }

    /// The raw bytes of a file.
    static func contents(ofFile path: String) throws -> [UInt8] {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            let reason = FileManager.default.fileExists(atPath: path) ? "permission denied" : "no such file"
            throw TextError.unreadableFile(path: path, reason: reason)
        }
        defer { try? handle.close() }
        do {
            let data = try handle.readToEnd() ?? Data()
            return [UInt8](data)
        } catch {
            throw TextError.unreadableFile(path: path, reason: "\(error)")
        }
    }
}
