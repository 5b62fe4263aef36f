import ArgumentParser
import Foundation
import TernInference
import TernTensor

/// `tern export M.tern --output M-release.tern`: the model fit to ship — one set of weights, no optimizer state.
struct ExportCommand: TernCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write a model file fit to ship: config, vocabulary, merges and one set of weights.",
        discussion: """
        No optimizer state, no resume state, no training log (unless --keep-log), in a fresh file without free pages. \
        Every command that reads a model reads the export; `tern train --resume` refuses it. --compute int8 stores \
        every weight matrix as int8 rows with one scale per row (Transformer only; the export then translates in \
        int8 by default, exactly as `--compute int8` on its source). --average N exports the element-wise mean of the \
        newest N checkpoints: train with `--set keep_last=N` (or more) so that the file keeps them.
        """
    )

    @Argument(help: "The model file written by `tern train`.")
    var source: String
    @Option(help: "The file to write; must not exist.")
    var output: String
    @Option(help: "Which weights: best, last or a step number (default: best).")
    var checkpoint: CheckpointChoice?
    @Option(help: "How to store the weights: float32 or int8.")
    var compute: ComputeType = .float32
    @Option(help: "Average the parameters of the newest N checkpoints.")
    var average = 1
    @Flag(name: .customLong("keep-log"), help: "Copy the training log, per-layer statistics and histograms too.")
    var keepLog = false

    func validate() throws {
        guard average >= 1 else { throw ValidationError("--average must be at least 1, got \(average)") }
        if average > 1 && checkpoint != nil { throw ValidationError(ExportError.averageWithCheckpoint.description) }
    }

    func execute() throws {
        let settings = ExportSettings(checkpoint: checkpoint, compute: compute, average: average, keepLog: keepLog)
        let summary = try ModelExport.write(from: source, to: output, settings: settings)
        let steps = summary.steps.map(String.init).joined(separator: ", ")
        StandardError.line(String(format: "exported %@ (%@, step%@ %@): %.2f MB, %.3f× the weights in float32 (%.2f MB)",
                                  output, summary.compute.rawValue, summary.steps.count == 1 ? "" : "s", steps,
                                  Double(summary.fileBytes) / 1e6, Double(summary.fileBytes) / Double(max(1, summary.float32Bytes)),
                                  Double(summary.float32Bytes) / 1e6))
    }
}
