import Foundation

extension DataCheckReport {
    /// The report as JSON: the corpus, the settings, and every finding of every class (all of them, for scripts).
    public func json() throws -> String {
        struct ClassEntry: Encodable {
            var defect: String
            var count: Int
            var findings: [Finding]
        }
        struct Document: Encodable {
            var source: String
            var target: String
            var sourceLines: Int
            var targetLines: Int
            var pairs: Int
            var flaggedPairs: Int
            var cleanPairs: Int
            var dominantScripts: [String: [String]]
            var settings: DataCheckSettings
            var seconds: Double
            var classes: [ClassEntry]
        }
        let document = Document(
            source: sourcePath, target: targetPath, sourceLines: sourceLines, targetLines: targetLines, pairs: pairs,
            flaggedPairs: flagged.count, cleanPairs: cleanPairs,
            dominantScripts: ["source": dominantScripts[0].map(\.description), "target": dominantScripts[1].map(\.description)],
            settings: settings, seconds: seconds,
            classes: DefectClass.allCases.map { ClassEntry(defect: $0.rawValue, count: findings(of: $0).count, findings: findings(of: $0)) })
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.keyEncodingStrategy = .convertToSnakeCase
        return String(decoding: try encoder.encode(document), as: UTF8.self) + "\n"
    }
}
