import ArgumentParser
import Foundation
import TernInference

struct AttentionCommand: TernCommand {
    static let configuration = CommandConfiguration(
        commandName: "attention",
        abstract: "Draw attention heatmaps of the translations of stdin's lines.",
        discussion: """
        Each input line is translated (beam search, or greedy with --beam 1) and the attention of its best \
        hypothesis is drawn into --output-dir, one image per sentence and layer, e.g. \
        sentence-003-cross-layer-2.png, with the matrices as JSON beside it (same name, .json). For the Transformer \
        --head all draws a grid with a panel per head and their mean; --head H or mean draws one heatmap. The RNN \
        has one attention (layer 1, head 1). Layers and heads count from 1. The written paths go to stdout, one per \
        line; empty input lines give no image (a notice on stderr) but keep their number.
        """
    )

    @OptionGroup var model: ModelOptions
    @OptionGroup var search: SearchOptions
    @OptionGroup var threads: ThreadOptions
    @Option(name: .customLong("output-dir"), help: "Directory for the images and JSON (created if needed).")
    var outputDirectory: String
    @Option(help: "cross (output × source), encoder (source × source) or decoder (output × decoder input).")
    var kind: AttentionSelection.Kind = .cross
    @Option(help: "A layer number, or all.")
    var layer: AttentionSelection.LayerChoice = .all
    @Option(help: "A head number, mean, or all (a grid of every head and their mean).")
    var head: AttentionSelection.HeadChoice = .all
    @Option(help: "png, svg or both.")
    var format: ImageFormatChoice = .png

    func validate() throws { _ = try model.requireModel() }

    func execute() throws {
        DecodingWaitPolicy.apply()
        threads.apply()
        let bundle = try model.load()
        try search.prepare(bundle)
        var settings = search.settings()
        settings.collectAttention = true
        let export = try AttentionExport(model: bundle.model, subwords: bundle.subwords,
                                         selection: AttentionSelection(kind: kind, layer: layer, head: head),
                                         search: settings, formats: format.formats)
        var lines: [String] = []
        while let line = readLine(strippingNewline: true) { lines.append(line) }
        try export.export(lines: lines, into: URL(fileURLWithPath: outputDirectory),
                          progress: { StandardError.line($0) },
                          written: { plot in FileHandle.standardOutput.write(Data(plot.files.map { $0.path + "\n" }.joined().utf8)) })
    }
}
