import Foundation
import TernDecode
import TernModels
import TernText
import TernViz

/// Attention heatmaps of translations: each sentence is translated (greedy or beam), and the chosen maps of its best
/// hypothesis are drawn — for the Transformer one grid per layer with a panel per head and their mean, or one head
/// or the mean alone; for the RNN its single attention — with the matrices written as JSON beside each image.
///
/// Cross-attention is what the search itself collected at each step, so it shows exactly what produced the output
/// (beam search keeps each hypothesis' own history). Self-attention comes from one teacher-forced pass over the
/// search's output, which gives the same numbers as the incremental steps.
///
/// ```swift
/// let export = try AttentionExport(model: bundle.model, subwords: bundle.subwords,
///                                  selection: AttentionSelection(kind: .cross, layer: .layer(2)))
/// let plots = try export.export(lines: ["the cat sat"], into: URL(fileURLWithPath: "plots"))
/// // plots/sentence-001-cross-layer-2.png and .json
/// ```
public struct AttentionExport {
    public let model: any Seq2SeqModel
    public let subwords: SubwordModels
    public let selection: AttentionSelection
    /// The search; attention collection is always on.
    public let search: SearchSettings
    /// Each image is written in every format listed; the JSON is written once.
    public let formats: [ImageFormat]
    /// The selected layers, from 0.
    let layerIndices: [Int]
    let heads: Int

    /// - Throws: ``AttentionExportError`` when the selection does not fit the model (it names the valid range).
    public init(model: any Seq2SeqModel, subwords: SubwordModels, selection: AttentionSelection = AttentionSelection(),
                search: SearchSettings = SearchSettings(), formats: [ImageFormat] = [.png]) throws {
        precondition(!formats.isEmpty, "at least one image format")
        self.model = model
        self.subwords = subwords
        self.selection = selection
        var search = search
        search.collectAttention = true
        self.search = search
        self.formats = formats
        layerIndices = try selection.layerIndices(for: model.config)
        heads = AttentionSelection.shape(of: model.config, kind: selection.kind)!.heads
    }

    /// One image written (with its JSON), and what was drawn, so callers and tests can inspect the layout.
    public struct Plot {
        /// The input line's number, from 1.
        public var sentence: Int
        /// The layer's number, from 1.
        public var layer: Int
        /// The images in the requested formats, then the JSON.
        public var files: [URL]
        public var drawing: Drawing
    }

    public enum Drawing {
        case heatmap(Heatmap)
        case grid(HeatmapGrid)

        /// How many matrices the image shows.
        public var panelCount: Int {
            switch self {
            case .heatmap: return 1
            case .grid(let grid): return grid.layout().panelFrames.count
            }
        }

        /// Writes the image, and the matrices beside it when `exportingMatrices` is set.
        func write(to url: URL, format: ImageFormat, exportingMatrices: Bool) throws -> [URL] {
            switch self {
            case .heatmap(let heatmap): return try heatmap.write(to: url, format: format, exportingMatrix: exportingMatrices)
            case .grid(let grid): return try grid.write(to: url, format: format, exportingMatrices: exportingMatrices)
            }
        }
    }

    /// Exports every line into `directory` (created if needed), numbering sentences by line from `firstNumber`. An
    /// empty line gives no image, only a notice through `progress`, and keeps the numbering aligned with the input.
    ///
    /// - Parameters:
    ///   - progress: one line per sentence, for stderr.
    ///   - written: called with each plot as soon as its files exist.
    @discardableResult
    public func export(lines: [String], into directory: URL, firstNumber: Int = 1,
                       progress: (String) -> Void = { _ in }, written: (Plot) -> Void = { _ in }) throws -> [Plot] {
        var plots: [Plot] = []
        for (offset, line) in lines.enumerated() {
            let number = firstNumber + offset
            let ids = subwords.encodeSource(line)
            guard ids.count > 1 else {  // `</s>` alone
                progress("sentence \(number): empty line, no image")
                continue
            }
            let sentencePlots = try export(source: ids, number: number, into: directory)
            progress("sentence \(number): \(ids.count) source pieces, \(sentencePlots.count) image(s)")
            sentencePlots.forEach(written)
            plots += sentencePlots
        }
        return plots
    }

    /// Translates one sentence given as source ids (ending in `</s>`) and writes its selected maps.
    public func export(source: [Int32], number: Int, into directory: URL) throws -> [Plot] {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let hypothesis = TernDecode.translate(model: model, sources: [source], settings: search)[0][0]
        let attention = sentenceAttention(source: source, hypothesis: hypothesis)
        let family = model.config.family.rawValue
        var plots: [Plot] = []
        for layer in layerIndices {
            let title = "sentence \(number) · \(family) · \(selection.kind.title) · layer \(layer + 1)"
            let name = "sentence-\(AttentionExport.padded(number))-\(selection.kind.rawValue)-layer-\(layer + 1)"
            let (drawing, suffix) = try draw(attention, layer: layer, title: title)
            let base = directory.appendingPathComponent(name + suffix)
            var files: [URL] = []
            for (index, format) in formats.enumerated() {
                files += try drawing.write(to: base.appendingPathExtension(format.fileExtension), format: format,
                                           exportingMatrices: index == 0)
            }
            // Image files first, then the one JSON.
            files.sort { ($0.pathExtension == "json" ? 1 : 0) < ($1.pathExtension == "json" ? 1 : 0) }
            plots.append(Plot(sentence: number, layer: layer + 1, files: files, drawing: drawing))
        }
        return plots
    }

    /// `number` with leading zeros to three digits, so file listings sort in sentence order.
    static func padded(_ number: Int) -> String {
        let digits = String(number)
        return String(repeating: "0", count: max(0, 3 - digits.count)) + digits
    }

    /// The selected kind's matrices for `hypothesis`, labelled with pieces one for one with the ids (so an odd
    /// `<unk>` or special token still has its row).
    func sentenceAttention(source: [Int32], hypothesis: Hypothesis) -> SentenceAttention {
        let sourceVocabulary = subwords.source.vocabulary, targetVocabulary = subwords.target.vocabulary
        let sourcePieces = source.map { sourceVocabulary.token(at: Int($0)) }
        // The emitted tokens: one per search step, `</s>` included when the hypothesis ended.
        let emitted = hypothesis.tokens + (hypothesis.finished ? [TokenBatch.eosId] : [])
        let outputPieces = emitted.map { targetVocabulary.token(at: Int($0)) }
        let targetInput = [TokenBatch.bosId] + emitted.dropLast()
        switch selection.kind {
        case .cross:
            let (layers, _) = AttentionSelection.shape(of: model.config, kind: .cross)!
            return .searched(hypothesis, layers: layers, heads: heads, rowLabels: outputPieces, columnLabels: sourcePieces)
        case .encoder:
            return .teacherForced(model: model, kind: .encoder, source: source, targetInput: targetInput,
                                  rowLabels: sourcePieces, columnLabels: sourcePieces)
        case .decoder:
            return .teacherForced(model: model, kind: .decoder, source: source, targetInput: targetInput,
                                  rowLabels: outputPieces,
                                  columnLabels: targetInput.map { targetVocabulary.token(at: Int($0)) })
        }
    }

    /// The picture of one layer and the file-name suffix that says which heads it shows.
    func draw(_ attention: SentenceAttention, layer: Int, title: String) throws -> (Drawing, String) {
        let layerHeads = attention.layers[layer]
        var style = HeatmapStyle()
        switch selection.kind {
        case .cross: (style.rowAxisTitle, style.columnAxisTitle) = ("output", "source")
        case .encoder: (style.rowAxisTitle, style.columnAxisTitle) = ("source (query)", "source (key)")
        case .decoder: (style.rowAxisTitle, style.columnAxisTitle) = ("output", "decoder input")
        }
        func single(_ values: [[Float]], _ title: String) throws -> Drawing {
            .heatmap(try Heatmap(title: title, values: values, rowLabels: attention.rowLabels,
                                 columnLabels: attention.columnLabels, style: style))
        }
        // The RNN's one head is its whole attention: one panel, whatever --head says.
        if layerHeads.count == 1 { return (try single(layerHeads[0], title), "") }
        switch selection.head {
        case .all:
            var grid = try HeatmapGrid.layerHeads(layerHeads, rowLabels: attention.rowLabels,
                                                  columnLabels: attention.columnLabels, title: title)
            grid.style.rowAxisTitle = style.rowAxisTitle
            grid.style.columnAxisTitle = style.columnAxisTitle
            return (.grid(grid), "")
        case .mean:
            return (try single(SentenceAttention.mean(layerHeads), title + " · mean of \(layerHeads.count) heads"), "-mean")
        case .head(let number):
            return (try single(layerHeads[number - 1], title + " · head \(number)"), "-head-\(number)")
        }
    }
}

// During training.

extension AttentionExport {
    /// Where a run's attention plots of validation at `step` go: beside the model file,
    /// `<model path without .tern>.plots/step-<step>/`.
    public static func trainingPlotDirectory(modelPath: String, step: Int) -> URL {
        let model = URL(fileURLWithPath: modelPath)
        let stem = model.pathExtension == "tern" ? model.deletingPathExtension() : model
        return URL(fileURLWithPath: stem.path + ".plots").appendingPathComponent("step-\(step)")
    }

    /// The trainer's hook after each validation: cross-attention of the first dev sentences (every head of the last
    /// decoder layer, or the RNN's attention), greedy as in validation. A plot that fails is only a warning through
    /// `log` — pictures must never stop a training run.
    ///
    /// - Returns: the plots written (empty after a failure).
    @discardableResult
    public static func plotValidation(model: any Seq2SeqModel, subwords: SubwordModels, devSources: [[Int32]],
                                      step: Int, modelPath: String, log: (String) -> Void) -> [Plot] {
        let directory = trainingPlotDirectory(modelPath: modelPath, step: step)
        do {
            let lastLayer = AttentionSelection.shape(of: model.config, kind: .cross)!.layers
            let export = try AttentionExport(
                model: model, subwords: subwords, selection: AttentionSelection(kind: .cross, layer: .layer(lastLayer)),
                search: SearchSettings(beamSize: 1, maxLengthRatio: 1.5, maxLengthOffset: 10))
            var plots: [Plot] = []
            for (index, source) in devSources.enumerated() where source.count > 1 {  // `</s>` alone: an empty line
                plots += try export.export(source: source, number: index + 1, into: directory)
            }
            return plots
        } catch {
            log("warning: attention plots for step \(step) were not written to \(directory.path): \(error)")
            return []
        }
    }
}
