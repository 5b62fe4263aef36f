import Foundation

/// Plain-text files for merges and vocabularies, written by `tern vocab` (a model file stores the same values in
/// SQLite, see TernStore).
///
/// Merges: a header line `#tern-bpe-merges v1`, then one merge per line in rank order, `left right` separated by
/// one space. Vocabulary: one entry per line in id order, `token<TAB>frequency`, special tokens first. Pieces never
/// contain whitespace (normalized words do not), so the separators are unambiguous.
public enum PlainTextFormat {
    public static let mergesHeader = "#tern-bpe-merges v1"

    public static func text(of model: BPEModel) -> String {
        var lines = [mergesHeader]
        lines.reserveCapacity(model.count + 1)
        for merge in model.merges { lines.append("\(merge.left) \(merge.right)") }
        return lines.joined(separator: "\n") + "\n"
    }

    public static func text(of vocabulary: Vocabulary) -> String {
        vocabulary.entries.map { "\($0.token)\t\($0.frequency)" }.joined(separator: "\n") + "\n"
    }

    public static func write(_ model: BPEModel, toFile path: String) throws {
        try write(text(of: model), toFile: path)
    }

    public static func write(_ vocabulary: Vocabulary, toFile path: String) throws {
        try write(text(of: vocabulary), toFile: path)
    }

    /// Reads a merges file written by ``write(_:toFile:)-(BPEModel,_)``.
    public static func readModel(fromFile path: String) throws -> BPEModel {
        let lines = try LineReader.lines(ofFile: path)
        guard lines.first == mergesHeader else {
            throw TextError.malformedLine(path: path, line: 1, reason: "expected header \(mergesHeader)")
        }
        var merges: [(left: String, right: String)] = []
        for (index, line) in lines.enumerated().dropFirst() {
            let parts = line.utf8.split(separator: 0x20, omittingEmptySubsequences: false)
            guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else {
                throw TextError.malformedLine(path: path, line: index + 1, reason: "expected two symbols separated by one space")
            }
            merges.append((left: String(Substring(parts[0])), right: String(Substring(parts[1]))))
        }
        return try BPEModel(merges: merges)
    }

    /// Reads a vocabulary file written by ``write(_:toFile:)-(Vocabulary,_)``.
    public static func readVocabulary(fromFile path: String) throws -> Vocabulary {
        var entries: [(token: String, frequency: Int)] = []
        for (index, line) in try LineReader.lines(ofFile: path).enumerated() {
            let parts = line.utf8.split(separator: 0x09, omittingEmptySubsequences: false)
            guard parts.count == 2, let frequency = Int(String(Substring(parts[1]))) else {
                throw TextError.malformedLine(path: path, line: index + 1, reason: "expected token<TAB>frequency")
            }
            entries.append((token: String(Substring(parts[0])), frequency: frequency))
        }
        return try Vocabulary(entries: entries)
    }

    private static func write(_ text: String, toFile path: String) throws {
        do {
            try text.write(toFile: path, atomically: true, encoding: .utf8)
        } catch {
            throw TextError.unwritableFile(path: path, reason: error.localizedDescription)
        }
    }
}
