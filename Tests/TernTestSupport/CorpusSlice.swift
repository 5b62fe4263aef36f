import Foundation

/// The shipped corpus slice (`corpora/bible-en-es-slice`: 500 training and 40 dev pairs), and excerpts of it written
/// into a test's temporary folder, for the tests that train real (tiny) models.
public enum CorpusSlice {
    /// The slice's folder in this checkout.
    public static var folder: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("corpora/bible-en-es-slice").path
    }

    /// Writes the first `count` lines of the slice's file `name` (e.g. `train.en`) into `directory`; returns its path.
    public static func excerpt(_ name: String, lines count: Int, into directory: URL) throws -> String {
        let text = try String(contentsOfFile: "\(folder)/\(name)", encoding: .utf8)
        let path = directory.appendingPathComponent(name).path
        try (text.split(separator: "\n", omittingEmptySubsequences: false).prefix(count).joined(separator: "\n") + "\n")
            .write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }
}
