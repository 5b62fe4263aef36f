import Foundation

/// Reads a file's lines one at a time, in chunks, so a corpus of any size is checked in constant memory.
///
/// Lines are split on `\n`; a trailing `\r` is stripped and a leading byte-order mark skipped, exactly as
/// `TernText.LineReader` does, so line numbers agree with every other command. Lines are handed out as raw bytes:
/// validating UTF-8 is the caller's business here, because a checker reports a bad line instead of stopping at it.
public final class LineStream {
    public let path: String
    /// The size of the file in bytes (for progress).
    public let size: Int
    private let file: UnsafeMutablePointer<FILE>
    private var buffer: [UInt8]
    private var start = 0
    private var end = 0
    private var atEndOfFile = false
    /// The file offset of `buffer[0]`.
    private var bufferOffset = 0
    private var lineNumber = 0

    /// One line: its 1-based number, its bytes without terminator, and the file offset of its first byte.
    public struct Line {
        public var number: Int
        public var bytes: ArraySlice<UInt8>
        public var fileOffset: Int
    }

    /// - Throws: ``DataCheckError/unreadableFile(path:reason:)`` when the file cannot be opened.
    public init(path: String, chunkSize: Int = 1 << 20) throws {
        guard let file = fopen(path, "rb") else {
            let reason = FileManager.default.fileExists(atPath: path) ? "permission denied" : "no such file"
            throw DataCheckError.unreadableFile(path: path, reason: reason)
        }
        var status = stat()
        size = fstat(fileno(file), &status) == 0 ? Int(status.st_size) : 0
        self.path = path
        self.file = file
        buffer = [UInt8](repeating: 0, count: chunkSize)
    }

    deinit { fclose(file) }

    /// Bytes handed out so far (for progress).
    public var bytesRead: Int { bufferOffset + start }

    /// The next line, or nil at the end of the file.
    public func next() -> Line? {
        while true {
            if let newline = newlineIndex() { return take(upTo: newline, consumed: newline + 1) }
            if atEndOfFile {
                // A last line without `\n`; a final `\n` produces no extra empty line.
                return start < end ? take(upTo: end, consumed: end) : nil
            }
            refill()
        }
    }

    /// memchr is vectorised, unlike a generic search in a debug build.
    private func newlineIndex() -> Int? {
        guard start < end else { return nil }
        return buffer.withUnsafeBufferPointer { pointer in
            memchr(pointer.baseAddress! + start, 0x0A, end - start).map {
                UnsafePointer($0.assumingMemoryBound(to: UInt8.self)) - pointer.baseAddress!
            }
        }
    }

    private func take(upTo stop: Int, consumed: Int) -> Line {
        lineNumber += 1
        var first = start, last = stop
        if lineNumber == 1, bufferOffset == 0, last - first >= 3, buffer[first] == 0xEF, buffer[first + 1] == 0xBB,
           buffer[first + 2] == 0xBF {
            first += 3  // a byte-order mark is an encoding artefact, not text
        }
        if last > first, buffer[last - 1] == 0x0D { last -= 1 }
        let line = Line(number: lineNumber, bytes: buffer[first..<last], fileOffset: bufferOffset + first)
        start = consumed
        return line
    }

    /// Moves the unread bytes to the front (growing the buffer for a line longer than it) and reads more.
    private func refill() {
        if start > 0 {
            buffer.withUnsafeMutableBufferPointer { pointer in
                _ = memmove(pointer.baseAddress!, pointer.baseAddress! + start, end - start)
            }
            bufferOffset += start
            end -= start
            start = 0
        }
        if end == buffer.count { buffer.append(contentsOf: [UInt8](repeating: 0, count: buffer.count)) }
        let read = buffer.withUnsafeMutableBufferPointer { pointer in
            fread(pointer.baseAddress! + end, 1, pointer.count - end, file)
        }
        if read == 0 { atEndOfFile = true }
        end += read
    }
}
