import Foundation
import TernText

/// The file `tern baseline --output B` writes: UTF-8 text, one tab-separated record per line.
///
/// ```
/// tern-word-baseline<TAB>1
/// lowercase<TAB>false
/// iterations<TAB>5
/// entries<TAB>N
/// SOURCE<TAB>TARGET<TAB>PROBABILITY      × N, sorted by source word (UTF-8 byte order)
/// ```
///
/// Words never contain a tab or a newline (the normaliser turns every whitespace run into one space, and words are
/// split on spaces), so no escaping is needed. The probability is written as Swift's shortest round-trip decimal, so
/// a table read back is identical to the one written. The count in the header catches a truncated file.
extension WordBaseline {
    static let magic = "tern-word-baseline"
    static let formatVersion = 1

    /// The file's text.
    public var fileContents: String {
        var text = "\(Self.magic)\t\(Self.formatVersion)\nlowercase\t\(lowercase)\niterations\t\(iterations)\nentries\t\(entries.count)\n"
        for (source, entry) in entries.sorted(by: { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }) {
            text += "\(source)\t\(entry.target)\t\(entry.probability)\n"
        }
        return text
    }

    /// Writes the table (see the format above), replacing any file at `url`.
    /// - Throws: ``TextError/unwritableFile(path:reason:)``.
    public func write(to url: URL) throws {
        do {
            try Data(fileContents.utf8).write(to: url, options: .atomic)
        } catch {
            throw TextError.unwritableFile(path: url.path, reason: error.localizedDescription)
        }
    }

    /// Reads a table written by ``write(to:)``.
    /// - Throws: ``TextError/unreadableFile(path:reason:)``, ``TextError/invalidUTF8(path:line:)``, or
    ///   ``TextError/malformedLine(path:line:reason:)`` naming the first line that is not as the format says.
    public init(contentsOf url: URL) throws {
        let path = url.path
        let lines = try LineReader.lines(ofFile: path)
        func fail(_ line: Int, _ reason: String) -> TextError { .malformedLine(path: path, line: line, reason: reason) }
        func header(_ line: Int, _ key: String) throws -> String {
            guard line <= lines.count else { throw fail(line, "the file ends inside its header (expected '\(key)')") }
            let fields = lines[line - 1].split(separator: "\t", omittingEmptySubsequences: false)
            guard fields.count == 2, fields[0] == key else { throw fail(line, "expected '\(key)<TAB>value'") }
            return String(fields[1])
        }
        guard try header(1, Self.magic) == String(Self.formatVersion) else {
            throw fail(1, "not a word baseline of format \(Self.formatVersion)")
        }
        guard let lowercase = Bool(try header(2, "lowercase")) else { throw fail(2, "lowercase must be true or false") }
        guard let iterations = Int(try header(3, "iterations")), iterations >= 1 else { throw fail(3, "iterations must be a positive integer") }
        guard let count = Int(try header(4, "entries")), count >= 0 else { throw fail(4, "entries must be a count") }
        guard lines.count == 4 + count else {
            throw fail(min(lines.count, 4 + count) + 1, "the header announces \(count) entries, the file holds \(lines.count - 4)")
        }
        var entries: [String: Entry] = [:]
        entries.reserveCapacity(count)
        for number in 5..<(5 + count) {
            let fields = lines[number - 1].split(separator: "\t", omittingEmptySubsequences: false)
            guard fields.count == 3, !fields[0].isEmpty, !fields[1].isEmpty else { throw fail(number, "expected SOURCE<TAB>TARGET<TAB>PROBABILITY") }
            guard let probability = Double(fields[2]), probability >= 0, probability <= 1 else {
                throw fail(number, "probability '\(fields[2])' is not a number between 0 and 1")
            }
            guard entries.updateValue(Entry(target: String(fields[1]), probability: probability), forKey: String(fields[0])) == nil else {
                throw fail(number, "source word '\(fields[0])' appears twice")
            }
        }
        self.init(entries: entries, lowercase: lowercase, iterations: iterations)
    }
}
