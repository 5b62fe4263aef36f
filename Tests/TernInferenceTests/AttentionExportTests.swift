import Foundation
import TernDecode
import TernModels
import TernTensor
import TernTestSupport
import TernText
import TernInference
import TernViz
import XCTest

/// `tern attention`'s library side on tiny random models: which files appear, what the matrices hold, and that the
/// exported search attention is the model's own (the teacher-forced pass gives the same numbers).
final class AttentionExportTests: XCTestCase {
    static let sentences = ["the cat sat on the mat", "a dog ran"]

    /// A small joint BPE learned on a few sentences, so sources split into a handful of pieces.
    static let subwords: SubwordModels = SubwordModels.learn(
        config: SubwordConfig(merges: 30, minFrequency: 1),
        sourceLines: sentences + ["the dog sat", "a cat ran on the mat"],
        targetLines: ["le chat", "un chien", "le chien", "un chat sur le tapis"])

    /// d_model 16, 2 heads, 1 encoder and 2 decoder layers.
    static func transformer() throws -> any Seq2SeqModel {
        let config = ModelConfig(dropout: 0, architecture: .transformer(TransformerSettings(
            dModel: 16, heads: 2, dFF: 32, encoderLayers: 1, decoderLayers: 2)))
        let model = try ModelFactory.make(config, vocabularySize: subwords.source.vocabulary.count, seed: 7)
        model.train(false)
        return model
    }

    static func rnn() throws -> any Seq2SeqModel {
        let config = ModelConfig(dropout: 0, architecture: .rnn(RNNSettings(embeddingSize: 8, encoderHidden: 8,
                                                                            decoderHidden: 16)))
        let model = try ModelFactory.make(config, vocabularySize: subwords.source.vocabulary.count, seed: 7)
        model.train(false)
        return model
    }

    var directory: URL!

    override func setUpWithError() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("tern-attention-\(UUID().uuidString)")
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: directory)
    }

    /// The best hypothesis of the same search the export runs, and the pieces along its rows.
    func searched(_ export: AttentionExport, _ line: String) -> (source: [Int32], hypothesis: Hypothesis, rows: [String], columns: [String]) {
        let source = export.subwords.encodeSource(line)
        let hypothesis = TernDecode.translate(model: export.model, sources: [source], settings: export.search)[0][0]
        let vocabulary = Self.subwords.source.vocabulary
        let emitted = hypothesis.tokens + (hypothesis.finished ? [TokenBatch.eosId] : [])
        return (source, hypothesis, emitted.map { vocabulary.token(at: Int($0)) }, source.map { vocabulary.token(at: Int($0)) })
    }

    func grid(_ url: URL) throws -> MatrixGridExport {
        try JSONDecoder().decode(MatrixGridExport.self, from: Data(contentsOf: url))
    }

    func assertRowsSumToOne(_ values: [[Float]], _ what: String, file: StaticString = #filePath, line: UInt = #line) {
        for (index, row) in values.enumerated() {
            XCTAssertEqual(row.reduce(0.0) { $0 + Double($1) }, 1, accuracy: 1e-4, "\(what) row \(index)", file: file, line: line)
        }
    }

    // MARK: cross-attention of the Transformer

    func testTransformerWritesAGridPerSentenceAndLayer() throws {
        let export = try AttentionExport(model: try Self.transformer(), subwords: Self.subwords)
        let plots = try export.export(lines: Self.sentences, into: directory)
        XCTAssertEqual(plots.map { "\($0.sentence)/\($0.layer)" }, ["1/1", "1/2", "2/1", "2/2"])
        for (number, line) in zip(1..., Self.sentences) {
            let expected = searched(export, line)
            for layer in 1...2 {
                let base = directory.appendingPathComponent("sentence-00\(number)-cross-layer-\(layer)")
                let png = base.appendingPathExtension("png"), json = base.appendingPathExtension("json")
                let plot = try XCTUnwrap(plots.first { $0.sentence == number && $0.layer == layer })
                XCTAssertEqual(plot.files, [png, json])
                XCTAssertEqual(plot.drawing.panelCount, 3, "2 heads + their mean")
                guard case .grid(let drawnGrid) = plot.drawing else { return XCTFail("expected a grid") }
                XCTAssertEqual(drawnGrid.title, "sentence \(number) · transformer · cross-attention · layer \(layer)")

                let size = try XCTUnwrap(pngSize(try Data(contentsOf: png)), "\(png.lastPathComponent) is not a PNG")
                XCTAssertEqual(size.width, drawnGrid.layout().imageSize.width)
                XCTAssertEqual(size.height, drawnGrid.layout().imageSize.height)
                try IndependentPNGDecoder.verify(png)

                let exported = try grid(json)
                XCTAssertEqual(exported.panels.map(\.title), ["head 1", "head 2", "mean"])
                for panel in exported.panels {
                    XCTAssertEqual(panel.rows, expected.rows, "rows are the output pieces, </s> included when finished")
                    XCTAssertEqual(panel.columns, expected.columns, "columns are the source pieces with </s>")
                    XCTAssertEqual(panel.values.count, expected.rows.count)
                    XCTAssertTrue(panel.values.allSatisfy { $0.count == expected.columns.count })
                    assertRowsSumToOne(panel.values, "sentence \(number) layer \(layer) \(panel.title)")
                }
            }
        }
    }

    /// The search collects each step's cross-attention from the incremental (cached) decoder; a teacher-forced pass
    /// over the same output must give the same matrices, or the export mislabels rows, layers or heads.
    func testGreedyAttentionEqualsTeacherForcedForward() throws {
        let model = try Self.transformer()
        let export = try AttentionExport(model: model, subwords: Self.subwords)
        try export.export(lines: Self.sentences, into: directory)
        var largest: Float = 0
        for (number, line) in zip(1..., Self.sentences) {
            let expected = searched(export, line)
            let emitted = expected.hypothesis.tokens + (expected.hypothesis.finished ? [TokenBatch.eosId] : [])
            let cross = withoutGrad {
                model.forward(source: TokenBatch(rows: [expected.source]),
                              targetInput: TokenBatch(rows: [[TokenBatch.bosId] + emitted.dropLast()])).attention.cross
            }
            XCTAssertEqual(cross.count, 2)
            for (layer, tensor) in cross.enumerated() {
                let (heads, rows, columns) = (tensor.shape[1], tensor.shape[2], tensor.shape[3])
                XCTAssertEqual(rows, emitted.count)
                let reference = tensor.scalars
                let exported = try grid(directory.appendingPathComponent("sentence-00\(number)-cross-layer-\(layer + 1).json"))
                for head in 0..<heads {
                    for row in 0..<rows {
                        for column in 0..<columns {
                            let difference = abs(exported.panels[head].values[row][column]
                                                 - reference[(head * rows + row) * columns + column])
                            largest = max(largest, difference)
                        }
                    }
                }
            }
        }
        print("largest difference, search vs teacher-forced cross-attention: \(largest)")
        XCTAssertLessThanOrEqual(largest, 1e-5)
    }

    func testBeamThreeExportsTheChosenHypothesis() throws {
        let export = try AttentionExport(model: try Self.transformer(), subwords: Self.subwords,
                                         selection: AttentionSelection(layer: .layer(2)),
                                         search: SearchSettings(beamSize: 3, lengthPenalty: 0.6))
        let plots = try export.export(lines: Self.sentences, into: directory)
        XCTAssertEqual(plots.count, 2, "one layer per sentence")
        for (number, line) in zip(1..., Self.sentences) {
            let expected = searched(export, line)
            XCTAssertEqual(expected.hypothesis.attention.count, expected.rows.count)
            let exported = try grid(directory.appendingPathComponent("sentence-00\(number)-cross-layer-2.json"))
            for panel in exported.panels {
                XCTAssertEqual(panel.rows, expected.rows)
                XCTAssertEqual(panel.values.count, expected.hypothesis.tokens.count + (expected.hypothesis.finished ? 1 : 0))
                assertRowsSumToOne(panel.values, "beam sentence \(number) \(panel.title)")
            }
        }
    }

    /// Random tiny models rarely end a sentence, so one is made to: the decoder's final norm outputs its bias alone
    /// and the output row of `</s>` points along that bias, so `</s>` wins every step. The hypothesis then has no
    /// tokens, and its one attention row belongs to `</s>`.
    func testAFinishedHypothesisHasAnEndOfSentenceRow() throws {
        let model = try Self.transformer()
        let parameters = Dictionary(uniqueKeysWithValues: model.namedParameters())
        let d = 16, vocabulary = Self.subwords.target.vocabulary.count
        parameters["decoder.norm.weight"]!.value = Tensor.zeros([d])
        parameters["decoder.norm.bias"]!.value = Tensor.ones([d])
        var weight = parameters["output.weight"]!.value.scalars                                  // [vocabulary, d]
        for i in 0..<d { weight[Int(TokenBatch.eosId) * d + i] = 10 }
        parameters["output.weight"]!.value = Tensor(shape: [vocabulary, d], values: weight)

        for beam in [1, 3] {
            let export = try AttentionExport(model: model, subwords: Self.subwords,
                                             search: SearchSettings(beamSize: beam))
            let expected = searched(export, Self.sentences[0])
            XCTAssertTrue(expected.hypothesis.finished)
            XCTAssertEqual(expected.rows, ["</s>"])
            let plot = try export.export(lines: [Self.sentences[0]], into: directory)[1]
            for panel in try grid(plot.files.last!).panels {
                XCTAssertEqual(panel.rows, ["</s>"], "beam \(beam)")
                XCTAssertEqual(panel.values.count, 1)
                assertRowsSumToOne(panel.values, "beam \(beam) \(panel.title)")
            }
        }
        let decoder = try AttentionExport(model: model, subwords: Self.subwords,
                                          selection: AttentionSelection(kind: .decoder, layer: .layer(1)))
        let panel = try grid(try decoder.export(lines: [Self.sentences[0]], into: directory)[0].files.last!).panels[0]
        XCTAssertEqual(panel.rows, ["</s>"])
        XCTAssertEqual(panel.columns, ["<s>"], "the step that emitted </s> read <s>")
        XCTAssertEqual(panel.values, [[1]])
    }

    func testOneHeadOrTheMeanIsASingleHeatmapAndSVGToo() throws {
        let model = try Self.transformer()
        let head = try AttentionExport(model: model, subwords: Self.subwords,
                                       selection: AttentionSelection(layer: .layer(1), head: .head(2)), formats: [.png, .svg])
        let headPlots = try head.export(lines: [Self.sentences[1]], into: directory)
        XCTAssertEqual(headPlots.map(\.files.count), [3])
        XCTAssertEqual(headPlots[0].files.map(\.lastPathComponent),
                       ["sentence-001-cross-layer-1-head-2.png", "sentence-001-cross-layer-1-head-2.svg",
                        "sentence-001-cross-layer-1-head-2.json"])
        XCTAssertEqual(headPlots[0].drawing.panelCount, 1)
        let svg = try String(contentsOf: headPlots[0].files[1], encoding: .utf8)
        XCTAssertTrue(svg.contains("<svg"))

        let mean = try AttentionExport(model: model, subwords: Self.subwords,
                                       selection: AttentionSelection(layer: .layer(2), head: .mean))
        let meanPlot = try mean.export(lines: [Self.sentences[1]], into: directory)[0]
        XCTAssertEqual(meanPlot.files.last?.lastPathComponent, "sentence-001-cross-layer-2-mean.json")
        let exported = try JSONDecoder().decode(MatrixExport.self, from: Data(contentsOf: meanPlot.files.last!))
        XCTAssertEqual(exported.title, "sentence 1 · transformer · cross-attention · layer 2 · mean of 2 heads")
        assertRowsSumToOne(exported.values, "mean")
    }

    func testSelfAttentionKinds() throws {
        let model = try Self.transformer()
        let encoder = try AttentionExport(model: model, subwords: Self.subwords,
                                          selection: AttentionSelection(kind: .encoder))
        let encoderPlots = try encoder.export(lines: [Self.sentences[0]], into: directory)
        XCTAssertEqual(encoderPlots.map(\.files.last!.lastPathComponent), ["sentence-001-encoder-layer-1.json"])
        let expected = searched(encoder, Self.sentences[0])
        for panel in try grid(encoderPlots[0].files.last!).panels {
            XCTAssertEqual(panel.rows, expected.columns, "encoder self-attention is source × source")
            XCTAssertEqual(panel.columns, expected.columns)
            assertRowsSumToOne(panel.values, "encoder \(panel.title)")
        }

        let decoder = try AttentionExport(model: model, subwords: Self.subwords,
                                          selection: AttentionSelection(kind: .decoder, layer: .layer(2)))
        let decoderPlot = try decoder.export(lines: [Self.sentences[0]], into: directory)[0]
        for panel in try grid(decoderPlot.files.last!).panels {
            XCTAssertEqual(panel.rows, expected.rows, "rows are the output pieces")
            XCTAssertEqual(panel.columns, ["<s>"] + expected.rows.dropLast(), "columns are the decoder's inputs")
            assertRowsSumToOne(panel.values, "decoder \(panel.title)")
            for (row, values) in panel.values.enumerated() {
                XCTAssertEqual(values[(row + 1)...].reduce(0, +), 0, accuracy: 1e-7, "step \(row) sees no later input")
            }
        }
    }

    // MARK: the RNN

    func testRNNGivesOnePanel() throws {
        let export = try AttentionExport(model: try Self.rnn(), subwords: Self.subwords)
        let plots = try export.export(lines: Self.sentences, into: directory)
        XCTAssertEqual(plots.count, 2, "the RNN has one attention layer")
        for (number, (plot, line)) in zip(1..., zip(plots, Self.sentences)) {
            XCTAssertEqual(plot.drawing.panelCount, 1)
            XCTAssertEqual(plot.files.map(\.lastPathComponent),
                           ["sentence-00\(number)-cross-layer-1.png", "sentence-00\(number)-cross-layer-1.json"])
            guard case .heatmap(let heatmap) = plot.drawing else { return XCTFail("expected a single heatmap") }
            let size = try XCTUnwrap(pngSize(try Data(contentsOf: plot.files[0])))
            XCTAssertEqual(size.width, heatmap.layout().imageSize.width)
            let exported = try JSONDecoder().decode(MatrixExport.self, from: Data(contentsOf: plot.files[1]))
            let expected = searched(export, line)
            XCTAssertEqual(exported.rows, expected.rows)
            XCTAssertEqual(exported.columns, expected.columns)
            XCTAssertEqual(exported.title, "sentence \(number) · rnn · cross-attention · layer 1")
            assertRowsSumToOne(exported.values, "rnn sentence \(number)")
        }
    }

    // MARK: bad input

    func testSelectionsOutsideTheModelNameTheValidRange() throws {
        let transformer = try Self.transformer(), rnn = try Self.rnn()
        func message(_ model: any Seq2SeqModel, _ selection: AttentionSelection) -> String? {
            do {
                _ = try AttentionExport(model: model, subwords: Self.subwords, selection: selection)
                return nil
            } catch {
                return "\(error)"
            }
        }
        XCTAssertEqual(message(transformer, AttentionSelection(layer: .layer(7))), "--layer 7: the model has decoder layers 1–2")
        XCTAssertEqual(message(transformer, AttentionSelection(layer: .layer(0))), "--layer 0: the model has decoder layers 1–2")
        XCTAssertEqual(message(transformer, AttentionSelection(kind: .encoder, layer: .layer(2))),
                       "--layer 2: the model has encoder layer 1 only")
        XCTAssertEqual(message(transformer, AttentionSelection(head: .head(3))), "--head 3: the model has heads 1–2")
        XCTAssertEqual(message(rnn, AttentionSelection(layer: .layer(2))), "--layer 2: the model has attention layer 1 only")
        XCTAssertEqual(message(rnn, AttentionSelection(kind: .decoder)),
                       "--kind decoder: the rnn model has no self-attention; use --kind cross")
        XCTAssertNil(message(rnn, AttentionSelection(head: .mean)))
        XCTAssertThrowsError(try AttentionSelection.LayerChoice("second"))
        XCTAssertEqual(try AttentionSelection.HeadChoice("mean"), .mean)
        XCTAssertEqual(try AttentionSelection.LayerChoice("3"), .layer(3))
    }

    func testAnEmptyLineGivesANoticeAndKeepsTheNumbering() throws {
        let export = try AttentionExport(model: try Self.rnn(), subwords: Self.subwords)
        var notices: [String] = []
        var written: [Int] = []
        let plots = try export.export(lines: [Self.sentences[0], "   ", Self.sentences[1]], into: directory,
                                      progress: { notices.append($0) }, written: { written.append($0.sentence) })
        XCTAssertEqual(plots.map(\.sentence), [1, 3])
        XCTAssertEqual(written, [1, 3])
        XCTAssertTrue(notices.contains("sentence 2: empty line, no image"), "\(notices)")
        XCTAssertTrue(FileManager.default.fileExists(atPath: directory.appendingPathComponent("sentence-003-cross-layer-1.png").path))
        XCTAssertFalse(FileManager.default.fileExists(atPath: directory.appendingPathComponent("sentence-002-cross-layer-1.png").path))
    }

    // MARK: during training

    func testValidationPlotsGoBesideTheModelFile() throws {
        let model = try Self.transformer()
        let devSources = (Self.sentences + ["the mat", "a cat"]).map { line in
            Self.subwords.source.encode(line).map(Int32.init) + [TokenBatch.eosId]
        }
        var warnings: [String] = []
        let plots = AttentionExport.plotValidation(
            model: model, subwords: Self.subwords, devSources: Array(devSources.prefix(3)), step: 40,
            modelPath: directory.appendingPathComponent("run.tern").path, log: { warnings.append($0) })
        XCTAssertEqual(warnings, [])
        let stepDirectory = directory.appendingPathComponent("run.plots/step-40")
        XCTAssertEqual(plots.map { $0.files.map(\.path) }.flatMap { $0 },
                       (1...3).flatMap { number in
                           ["png", "json"].map { stepDirectory.appendingPathComponent("sentence-00\(number)-cross-layer-2.\($0)").path }
                       })
        XCTAssertTrue(plots.allSatisfy { $0.drawing.panelCount == 3 }, "the last decoder layer's heads and mean")
        XCTAssertTrue(model.training == false, "the model's mode is left as it was")

        // A place that cannot be written is a warning, not an error.
        let blocker = directory.appendingPathComponent("blocked")
        try Data().write(to: blocker)
        let none = AttentionExport.plotValidation(
            model: model, subwords: Self.subwords, devSources: devSources, step: 41,
            modelPath: blocker.appendingPathComponent("run.tern").path, log: { warnings.append($0) })
        XCTAssertEqual(none.count, 0)
        XCTAssertEqual(warnings.count, 1)
        XCTAssertTrue(warnings.first?.hasPrefix("warning: attention plots for step 41") ?? false, "\(warnings)")
    }

    func testTrainingModeIsRestoredAfterPlots() throws {
        let model = try Self.rnn()
        model.train(true)
        AttentionExport.plotValidation(model: model, subwords: Self.subwords,
                                       devSources: [Self.subwords.source.encode("a dog").map(Int32.init) + [TokenBatch.eosId]],
                                       step: 1, modelPath: directory.appendingPathComponent("m.tern").path, log: { _ in })
        XCTAssertTrue(model.training)
    }
}
