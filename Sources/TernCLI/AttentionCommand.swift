import ArgumentParser
import Foundation
import TernDecode
import TernTensor
import TernTrain
import TernViz

struct AttentionCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "attention",
        abstract: "Draw attention heatmaps of the translations of stdin's lines.",
        discussion: """
        Each input line is translated (greedy, or beam search with --beam K) and the attention of its best \
        hypothesis is drawn into --output-dir, one image per sentence and layer, e.g. \
        sentence-003-cross-layer-2.png, with the matrices as JSON beside it (same name, .json). For the Transformer \
        --head all draws a grid with a panel per head and their mean; --head H or mean draws one heatmap. The RNN \
        has one attention (layer 1, head 1). Layers and heads count from 1. The written paths go to stdout, one per \
        line; empty input lines give no image (a notice on stderr) but keep their number.
        """
    )

    @Option(help: "Model file written by `tern train`.")
    var model: String
    @Option(name: .customLong("output-dir"), help: "Directory for the images and JSON (created if needed).")
    var outputDirectory: String
    @Option(help: "Beam size (1 = greedy search).")
    var beam = 1
    @Option(name: .customLong("length-penalty"), help: "GNMT length penalty α for beam search (0 = none).")
    var lengthPenalty: Float = 0.6
    @Option(help: "cross (output × source), encoder (source × source) or decoder (output × decoder input).")
    var kind = "cross"
    @Option(help: "A layer number, or all.")
    var layer = "all"
    @Option(help: "A head number, mean, or all (a grid of every head and their mean).")
    var head = "all"
    @Option(help: "png, svg or both.")
    var format = "png"
    @Option(help: "Which weights: best, last or a step number.")
    var checkpoint = "best"
    @Option(help: "Threads (default: all cores).")
    var threads: Int?

    func validate() throws {
        guard beam >= 1 else { throw ValidationError("--beam must be at least 1") }
        guard AttentionSelection.Kind(rawValue: kind) != nil else {
            throw ValidationError("--kind must be cross, encoder or decoder, got '\(kind)'")
        }
        do {
            _ = try AttentionSelection.LayerChoice(layer)
            _ = try AttentionSelection.HeadChoice(head)
        } catch {
            throw ValidationError("\(error)")
        }
        guard ["png", "svg", "both"].contains(format) else {
            throw ValidationError("--format must be png, svg or both, got '\(format)'")
        }
    }

    func run() throws {
        do {
            if let threads { Kernels.setThreads(threads) }
            let selection = AttentionSelection(kind: AttentionSelection.Kind(rawValue: kind)!,
                                               layer: try .init(layer), head: try .init(head))
            let bundle = try ModelBundle.load(path: model, checkpoint: try .init(checkpoint))
            let export = try AttentionExport(
                model: bundle.model, subwords: bundle.subwords, selection: selection,
                search: SearchSettings(beamSize: beam, lengthPenalty: lengthPenalty),
                formats: format == "both" ? [.png, .svg] : [ImageFormat(rawValue: format)!])
            var lines: [String] = []
            while let line = readLine(strippingNewline: true) { lines.append(line) }
            try export.export(lines: lines, into: URL(fileURLWithPath: outputDirectory),
                              progress: { StandardError.line($0) },
                              written: { plot in
                                  let paths = plot.files.map { $0.path + "\n" }.joined()
                                  FileHandle.standardOutput.write(Data(paths.utf8))
                              })
        } catch let error as CustomStringConvertible & Error {
            StandardError.line("error: \(error.description)")
            throw ExitCode.failure
        }
    }
}
