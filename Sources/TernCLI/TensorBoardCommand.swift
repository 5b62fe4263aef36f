import ArgumentParser
import TernStore
import TernTensorBoard

/// `tern tensorboard MODEL --output DIR`: the model file's training log as a TensorBoard event file, for any model,
/// after the fact or while a run is writing it.
struct TensorBoardCommand: TernCommand {
    static let configuration = CommandConfiguration(
        commandName: "tensorboard",
        abstract: "Write a model file's training log and per-layer statistics as a TensorBoard event file.",
        discussion: "Then: tensorboard --logdir DIR. Each call adds a new event file to DIR.")

    @Argument(help: "The model file (.tern).")
    var model: String

    @Option(help: "The TensorBoard log directory to write into (created if missing).")
    var output: String

    func execute() throws {
        // Only the log is read, and each of its rows carries its own checksum: no need to check the whole file first.
        let file = try ModelFile(openingAt: model, access: .readOnly, verifyStructure: false)
        defer { file.close() }
        let log = try file.trainingLog()
        let summary = try TrainingLogExport.write(log, statistics: try file.layerStatistics(), histograms: try file.histograms(),
                                                  toDirectory: output)
        if summary.rows == 0 { StandardError.line("note: \(model) has no training log yet; the event file holds no scalars") }
        print("wrote \(summary.scalars) scalars from \(summary.rows) log rows and \(summary.histograms) histograms to \(summary.path)")
    }
}
