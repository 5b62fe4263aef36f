import ArgumentParser
import Foundation
import TernPlots

/// `tern plot`: the training curves and per-layer charts of a model file.
struct PlotCommand: TernCommand {
    static let configuration = CommandConfiguration(
        commandName: "plot",
        abstract: "Draw a model file's training curves and per-layer statistics.",
        discussion: """
        Reads the model file alone (also while a run is writing it) and writes one chart per figure into \
        --output-dir: train and dev loss (linear and log), perplexity, the change between validations, dev BLEU and \
        chrF, learning rate, gradient norm, tokens/s, per-layer panels (activation std and mean, dead units, gate \
        saturation, gradient norm and update ratio per layer) and histograms of layer outputs at up to four steps. \
        The written paths go to stdout.
        """
    )

    @Argument(help: "The model file (.tern).")
    var model: String
    @Option(name: .customLong("output-dir"), help: "Directory for the charts (created if needed).")
    var outputDirectory: String
    @Option(help: "png, svg or both.")
    var format: ImageFormatChoice = .png

    func execute() throws {
        let files = try TernPlots.TrainingCharts(modelPath: model)
            .write(into: URL(fileURLWithPath: outputDirectory), formats: format.formats)
        if files.isEmpty { StandardError.line("\(model) has no training log yet: nothing to draw") }
        FileHandle.standardOutput.write(Data(files.map { $0.path + "\n" }.joined().utf8))
    }
}
