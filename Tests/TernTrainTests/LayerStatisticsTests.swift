import Foundation
import TernModels
import TernNN
import TernStore
import TernTensor
@testable import TernTrain
import TernTestSupport
import XCTest

/// Per-layer statistics: the figures on known tensors, dead units and saturated gates on constructed layers, and a
/// real run whose rows must agree with figures the run reports independently — without changing the training.
final class LayerStatisticsTests: XCTestCase {
    func testSummaryOfKnownValues() {
        let values: [Float] = [0, 3, -4, 0, 1]
        let s = values.withUnsafeBufferPointer { TensorSummary($0) }
        XCTAssertEqual(s.count, 5)
        XCTAssertEqual(s.mean, 0)
        XCTAssertEqual(s.standardDeviation, (26.0 / 5).squareRoot(), accuracy: 1e-12)  // Σx² = 9 + 16 + 1
        XCTAssertEqual(s.l2Norm, 26.0.squareRoot(), accuracy: 1e-12)
        XCTAssertEqual(s.minimum, -4)
        XCTAssertEqual(s.maximum, 3)
        XCTAssertEqual(s.zeroFraction, 0.4)
        var gathered = TensorSummary()
        values.prefix(2).withUnsafeBufferPointer { gathered.add($0) }
        Array(values.suffix(3)).withUnsafeBufferPointer { gathered.add($0) }
        XCTAssertEqual(gathered.mean, s.mean)
        XCTAssertEqual(gathered.zeroFraction, s.zeroFraction)
        let diverged: [Float] = [1, .nan, 2]
        let d = diverged.withUnsafeBufferPointer { TensorSummary($0) }
        XCTAssertTrue(d.mean.isNaN && d.minimum.isNaN && d.maximum.isNaN, "a NaN must not hide")
    }

    /// A feed-forward layer whose units 1 and 3 get a large negative bias: after ReLU they are 0 for every token.
    func testDeadUnitsOfAConstructedFeedForwardLayer() throws {
        var generator = SeededGenerator(seed: 3)
        let feedForward = FeedForward(dModel: 4, dFF: 5, activation: .relu, dropout: 0, generator: &generator)
        feedForward.linear1.bias!.value = Tensor(shape: [5], values: [0.5, -100, 0.5, -100, 0.5])
        feedForward.linear1.weight.value = Tensor(shape: [5, 4], values: (0..<20).map { Float($0 % 7) * 0.1 - 0.2 })
        let recorder = ActivationRecorder(model: feedForward)
        feedForward.train(true)
        feedForward.attach(recorder)
        let input = Tensor(shape: [2, 3, 4], values: (0..<24).map { Float($0) * 0.05 })
        _ = feedForward(input)
        feedForward.attach(nil)
        let (rows, histograms) = recorder.rows(runID: "r", step: 7, buckets: 10)
        XCTAssertEqual(rows.map(\.name), [":hidden"], "the root module has the empty name")
        XCTAssertEqual(rows[0].extra["dead_units"], 2)
        XCTAssertEqual(rows[0].extra["units"], 5)
        XCTAssertEqual(rows[0].extra["dead_fraction"], 0.4)
        XCTAssertEqual(rows[0].count, 30)
        XCTAssertGreaterThanOrEqual(rows[0].zeroFraction, 0.4)
        XCTAssertEqual(histograms[0].histogram.count, 30)
        XCTAssertEqual(histograms[0].histogram.bucketCounts.reduce(0, +), 30)

        // In evaluation mode (validation, decoding) the recorder ignores the layer.
        let ignoring = ActivationRecorder(model: feedForward)
        feedForward.train(false)
        feedForward.attach(ignoring)
        _ = feedForward(input)
        XCTAssertEqual(ignoring.rows(runID: "r", step: 1, buckets: 10).0.count, 0)
    }

    /// A GRU cell with huge gate biases: r and z sit at 1 and the candidate at ±1, so every gate value is saturated;
    /// with zero biases and weights nothing is.
    func testSaturatedGatesOfAConstructedGRUCell() throws {
        var generator = SeededGenerator(seed: 5)
        let cell = GRUCell(inputSize: 3, hiddenSize: 4, generator: &generator)
        func saturation(bias: Float) -> (sigmoid: Double?, tanh: Double?) {
            cell.biasIH.value = Tensor(shape: [12], values: [Float](repeating: bias, count: 12))
            cell.biasHH.value = Tensor.zeros([12])
            if bias == 0 {
                cell.weightIH.value = Tensor.zeros([12, 3])
                cell.weightHH.value = Tensor.zeros([12, 4])
            }
            let recorder = ActivationRecorder(model: cell)
            cell.train(true)
            cell.attach(recorder)
            _ = cell(Tensor(shape: [2, 3], values: [0.1, -0.2, 0.3, 0.4, 0.5, -0.6]), state: cell.zeroState(batchSize: 2))
            cell.attach(nil)
            let rows = Dictionary(uniqueKeysWithValues: recorder.rows(runID: "r", step: 1, buckets: 5).0.map { ($0.name, $0) })
            return (rows[":sigmoid_gates"]?.extra["saturated_fraction"], rows[":tanh_gates"]?.extra["saturated_fraction"])
        }
        let high = saturation(bias: 20)
        XCTAssertEqual(high.sigmoid, 1)
        XCTAssertEqual(high.tanh, 1)
        let none = saturation(bias: 0)
        XCTAssertEqual(none.sigmoid, 0, "σ(0) = 0.5")
        XCTAssertEqual(none.tanh, 0, "tanh(0) = 0")
    }

    // MARK: a real run

    var directory: URL!

    override func setUpWithError() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("tern-stats-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: directory) }

    func paths(_ output: String) -> TrainingPaths {
        let slice = CorpusSlice.folder
        return TrainingPaths(trainSource: "\(slice)/train.en", trainTarget: "\(slice)/train.es", devSource: "\(slice)/dev.en",
                             devTarget: "\(slice)/dev.es", output: directory.appendingPathComponent(output).path)
    }

    let tiny = ["family=transformer", "d_model=16", "heads=2", "d_ff=32", "encoder_layers=1", "decoder_layers=1",
                "tied_embeddings=all", "dropout=0.1", "bpe_merges=80", "batch_tokens=300", "valid_every=1000",
                "log_every=1000", "samples=0", "warmup=4", "threads=1", "max_length=40", "attention_plots=0"]

    final class NormRecorder: TrainingObserver {
        var norms: [Int: Float] = [:]
        func stepFinished(_ step: StepReport, run: TrainingRun) { norms[step.step] = step.gradientNorm }
    }

    func testARunRecordsEveryLayerWithoutChangingTheTraining() throws {
        let norms = NormRecorder()
        let observed = paths("stats.tern")
        try TrainingRun.start(config: ConfigFile(path: nil, overrides: tiny + ["max_steps=4", "stats_every=2"]), paths: observed,
                              observers: [LayerStatisticsObserver(buckets: 8), norms]).run()
        let plain = paths("plain.tern")
        try TrainingRun.start(config: ConfigFile(path: nil, overrides: tiny + ["max_steps=4", "stats_every=0"]), paths: plain).run()

        let file = try ModelFile(openingAt: observed.output, access: .readOnly)
        defer { file.close() }
        let rows = try file.layerStatistics()
        XCTAssertEqual(Set(rows.map(\.step)), [2, 4])
        let parameterNames = Set(try file.loadLatestCheckpoint().parameters.map(\.name))
        for step in [2, 4] {
            let weights = rows.filter { $0.step == step && $0.kind == .weight }
            let gradients = rows.filter { $0.step == step && $0.kind == .gradient }
            XCTAssertEqual(Set(weights.map(\.name)), parameterNames)
            XCTAssertEqual(Set(gradients.map(\.name)), parameterNames)
            // The per-tensor gradient norms make up the global norm the run clipped by.
            let global = gradients.reduce(0.0) { $0 + $1.l2Norm! * $1.l2Norm! }.squareRoot()
            XCTAssertEqual(global, Double(norms.norms[step]!), accuracy: 1e-5 * global)
            XCTAssertTrue(weights.allSatisfy { ($0.extra["update_ratio"] ?? 0) > 0 }, "every tensor moved")
        }
        let activations = Set(rows.filter { $0.kind == .activation && $0.step == 2 }.map(\.name))
        XCTAssertEqual(activations, Set([
            "src_embed:output", "tgt_embed:output", "encoder.layers.0.self_attn:attention", "encoder.layers.0.feed_forward:hidden",
            "encoder.layers.0:output", "decoder.layers.0.self_attn:attention", "decoder.layers.0.cross_attn:attention",
            "decoder.layers.0.feed_forward:hidden", "decoder.layers.0:output",
        ]))
        let attention = rows.first { $0.name == "encoder.layers.0.self_attn:attention" }!
        XCTAssertGreaterThanOrEqual(attention.minimum, 0)
        XCTAssertLessThanOrEqual(attention.maximum, 1)
        XCTAssertEqual(try file.histograms().count, rows.count, "one histogram per row")

        // Taking statistics did not change a single weight.
        let reference = try ModelFile(openingAt: plain.output, access: .readOnly)
        defer { reference.close() }
        XCTAssertEqual(try reference.layerStatistics(), [])
        XCTAssertEqual(try reference.loadLatestCheckpoint().parameters, try file.loadLatestCheckpoint().parameters)
    }
}
