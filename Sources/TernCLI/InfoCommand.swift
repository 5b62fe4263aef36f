import ArgumentParser
import Foundation
import TernStore
import TernTrain

/// `tern info MODEL`: what a model file holds — config, vocabularies, checkpoints, the last training log row.
struct InfoCommand: TernCommand {
    static let configuration = CommandConfiguration(
        commandName: "info",
        abstract: "Show what a model file holds: config, vocabularies, checkpoints and training progress.")

    @Argument(help: "The model file (.tern), or a config (.yaml/.json) to see its parameter count.")
    var model: String

    @Option(help: "With a config: the vocabulary size to count parameters for (joint vocabulary).")
    var vocabulary = 8000

    @Flag(help: "Skip the structural check of the whole file (faster on large models; tensors are still checksummed when loaded).")
    var noCheck = false

    func execute() throws {
        if [".yaml", ".yml", ".json"].contains(where: { model.hasSuffix($0) }) {
            print(try ConfigSummary.describe(configPath: model, vocabularySize: vocabulary))
            return
        }
        let file = try ModelFile(openingAt: model, access: .readOnly, verifyStructure: !noCheck)
        defer { file.close() }
        print(Self.render(try file.info()))
    }

    /// The report as text; separate from `run` so it can be checked without a terminal.
    static func render(_ info: ModelInfo) -> String {
        var lines: [String] = []
        lines.append("Model \(info.path)")
        lines.append("  format version \(info.formatVersion), \(megabytes(info.fileBytes)) on disk")
        if let source = info.meta["exported_from"] {
            lines.append("  exported from \(source) (step \(info.meta["exported_steps"] ?? "?"), weights stored as \(info.meta["compute"] ?? "float32"))")
        }
        lines.append("Config")
        let width = info.configEntries.map(\.key.count).max() ?? 0
        for (key, value) in info.configEntries {
            let shown = value.count > 100 ? value.prefix(97) + "..." : Substring(value)
            lines.append("  \(key.padding(toLength: width, withPad: " ", startingAt: 0))  \(shown)")
        }
        if info.hasJointVocabulary {
            lines.append("Vocabulary  joint, \(grouped(info.sourceVocabularySize)) tokens")
        } else {
            lines.append("Vocabulary  source \(grouped(info.sourceVocabularySize)), target \(grouped(info.targetVocabularySize)) tokens")
        }
        lines.append("BPE merges  \(grouped(info.mergeCount))")
        lines.append("Parameters  \(grouped(info.parameterCount)) (newest checkpoint)")
        if info.checkpoints.isEmpty {
            lines.append("Checkpoints none")
        } else {
            lines.append("Checkpoints \(info.checkpoints.count)")
            let widths = [6, 9, 6, 5, 20, 0]
            func row(_ columns: [String]) -> String {
                "  " + columns.enumerated()
                    .map { $1.padding(toLength: max(widths[$0], $1.count), withPad: " ", startingAt: 0) }
                    .joined(separator: " ")
            }
            lines.append(row(["id", "step", "epoch", "kind", "created (UTC)", "metrics"]))
            let dateStyle = Date.ISO8601FormatStyle(dateSeparator: .dash, dateTimeSeparator: .space)
            for checkpoint in info.checkpoints {
                let metrics = checkpoint.metrics.keys.sorted()
                    .map { "\($0)=\(String(format: "%.4g", checkpoint.metrics[$0]!))" }.joined(separator: " ")
                let columns = [String(checkpoint.id), String(checkpoint.step), String(checkpoint.epoch),
                               checkpoint.kind.rawValue, checkpoint.createdAt.formatted(dateStyle), metrics]
                lines.append(row(columns))
            }
        }
        if let entry = info.lastLogEntry {
            var parts = ["run \(entry.runID)", "step \(entry.step)", "epoch \(entry.epoch)", entry.kind.rawValue]
            if let loss = entry.loss { parts.append("loss \(String(format: "%.4f", loss))") }
            if let rate = entry.learningRate { parts.append("lr \(String(format: "%.3g", rate))") }
            if let speed = entry.tokensPerSecond { parts.append("\(grouped(Int(speed))) tokens/s") }
            if let wall = entry.wallSeconds { parts.append("\(String(format: "%.0f", wall)) s") }
            for key in entry.extra.keys.sorted() { parts.append("\(key) \(String(format: "%.4g", entry.extra[key]!))") }
            lines.append("Last log    " + parts.joined(separator: ", "))
        } else {
            lines.append("Last log    none")
        }
        return lines.joined(separator: "\n")
    }

    private static func grouped(_ value: Int) -> String {
        value.formatted(.number.grouping(.automatic).locale(Locale(identifier: "en_US")))
    }

    private static func megabytes(_ bytes: Int64) -> String {
        String(format: "%.1f MB", Double(bytes) / 1_000_000)
    }
}
