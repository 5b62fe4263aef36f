import Foundation

/// Writes the pairs of a corpus that a ``DataCheckReport`` did not flag, byte for byte as they were read (line
/// terminators become `\n`), reading the corpus a second time as a stream.
public enum CleanPairWriter {
    /// Where the clean pairs went and how many.
    public struct Result: Equatable, Sendable {
        public var sourcePath: String
        public var targetPath: String
        public var written: Int
        public var leftOut: Int
    }

    /// The output paths for `prefix`: the input files' extensions when they differ (`train.en` → `PREFIX.en`),
    /// else `PREFIX.src` and `PREFIX.tgt`.
    public static func outputPaths(prefix: String, sourcePath: String, targetPath: String) -> (source: String, target: String) {
        let sourceExtension = URL(fileURLWithPath: sourcePath).pathExtension, targetExtension = URL(fileURLWithPath: targetPath).pathExtension
        if !sourceExtension.isEmpty && !targetExtension.isEmpty && sourceExtension != targetExtension {
            return ("\(prefix).\(sourceExtension)", "\(prefix).\(targetExtension)")
        }
        return ("\(prefix).src", "\(prefix).tgt")
    }

    /// - Throws: ``DataCheckError/unreadableFile(path:reason:)`` or ``DataCheckError/unwritableFile(path:reason:)``.
    public static func write(_ report: DataCheckReport, prefix: String) throws -> Result {
        let (sourceOut, targetOut) = outputPaths(prefix: prefix, sourcePath: report.sourcePath, targetPath: report.targetPath)
        let source = try LineStream(path: report.sourcePath), target = try LineStream(path: report.targetPath)
        let sourceFile = try open(sourceOut)
        defer { fclose(sourceFile) }
        let targetFile = try open(targetOut)
        defer { fclose(targetFile) }
        var written = 0
        while let sourceLine = source.next(), let targetLine = target.next() {
            if report.flagged.contains(sourceLine.number) { continue }
            try append(sourceLine.bytes, to: sourceFile, path: sourceOut)
            try append(targetLine.bytes, to: targetFile, path: targetOut)
            written += 1
        }
        for (file, path) in [(sourceFile, sourceOut), (targetFile, targetOut)] where fflush(file) != 0 {
            throw DataCheckError.unwritableFile(path: path, reason: String(cString: strerror(errno)))
        }
        return Result(sourcePath: sourceOut, targetPath: targetOut, written: written,
                      leftOut: max(report.sourceLines, report.targetLines) - written)
    }

    private static func open(_ path: String) throws -> UnsafeMutablePointer<FILE> {
        guard let file = fopen(path, "wb") else {
            throw DataCheckError.unwritableFile(path: path, reason: String(cString: strerror(errno)))
        }
        return file
    }

    private static func append(_ bytes: ArraySlice<UInt8>, to file: UnsafeMutablePointer<FILE>, path: String) throws {
        let ok = bytes.withUnsafeBufferPointer { buffer in
            (buffer.isEmpty || fwrite(buffer.baseAddress!, 1, buffer.count, file) == buffer.count) && fputc(0x0A, file) != EOF
        }
        if !ok { throw DataCheckError.unwritableFile(path: path, reason: String(cString: strerror(errno))) }
    }
}
