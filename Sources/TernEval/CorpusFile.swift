import Foundation

/// Reads the plain-text hypothesis and reference files that evaluation scores, one segment per line.
public enum CorpusFile {
    /// The file's lines, read as the sacreBLEU command line reads them.
    ///
    /// Lines are split on `\n` only (sacreBLEU opens files with `newline="\n"`), a final newline does not start an
    /// extra line, and each line is right-stripped of whitespace (`line.rstrip()`), which also drops a `\r` left by
    /// CRLF files. Neither BLEU nor chrF is affected by trailing whitespace, so stripping changes no score.
    /// - Throws: ``EvaluationError/fileNotFound(path:)``, ``EvaluationError/unreadableFile(path:reason:)`` or
    ///   ``EvaluationError/invalidUTF8(path:line:)`` with the 1-based number of the first bad line.
    public static func readLines(atPath path: String) throws -> [String] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw EvaluationError.fileNotFound(path: path)
        }
        if isDirectory.boolValue {
            throw EvaluationError.unreadableFile(path: path, reason: "it is a directory")
        }
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw EvaluationError.unreadableFile(path: path, reason: error.localizedDescription)
        }
        return try lines(of: data, path: path)
    }

    /// Splits and decodes file contents; `path` only labels errors.
    public static func lines(of data: Data, path: String) throws -> [String] {
        var lines: [String] = []
        try data.withUnsafeBytes { (buffer: UnsafeRawBufferPointer) in
            let bytes = buffer.bindMemory(to: UInt8.self)
            var lineStart = 0
            var lineNumber = 1
            func appendLine(upTo end: Int) throws {
                guard let line = String(validating: bytes[lineStart..<end], as: UTF8.self) else {
                    throw EvaluationError.invalidUTF8(path: path, line: lineNumber)
                }
                if let last = line.unicodeScalars.last, PythonText.isWhitespace(last.value) {
                    lines.append(PythonText.string(from: PythonText.trimmingTrailingWhitespace(PythonText.codePoints(of: line))))
                } else {
                    lines.append(line)
                }
            }
            for index in 0..<bytes.count where bytes[index] == 0x0A {
                try appendLine(upTo: index)
                lineStart = index + 1
                lineNumber += 1
            }
            if lineStart < bytes.count {
                try appendLine(upTo: bytes.count)
            }
        }
        return lines
    }
}
