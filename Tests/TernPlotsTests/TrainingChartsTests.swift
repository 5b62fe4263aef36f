import Foundation
import TernStore
@testable import TernPlots
@testable import TernViz
import XCTest

/// `tern plot`'s charts: which exist for which data, what their lines hold, and that they are real images.
final class TrainingChartsTests: XCTestCase {
    func row(_ step: Int, _ kind: TrainingLogKind, loss: Double, extra: [String: Double] = [:]) -> TrainingLogEntry {
        TrainingLogEntry(runID: "r", step: step, epoch: 1, kind: kind, loss: loss, learningRate: kind == .train ? 1e-3 * Double(step) : nil,
                         tokensPerSecond: kind == .train ? 1000 : nil, wallSeconds: Double(step), extra: extra)
    }

    func statistic(_ step: Int, _ name: String, _ kind: LayerStatisticsKind, l2: Double, extra: [String: Double] = [:]) -> LayerStatistics {
        LayerStatistics(runID: "r", step: step, name: name, kind: kind, count: 4, mean: 0, standardDeviation: Double(step),
                        minimum: -1, maximum: 1, l2Norm: l2, zeroFraction: 0, extra: extra)
    }

    var charts: TrainingCharts {
        TrainingCharts(
            modelName: "tiny",
            train: [row(10, .train, loss: 8, extra: ["grad_norm": 4]), row(20, .train, loss: 6, extra: ["grad_norm": 2]),
                    row(20, .train, loss: 5.5, extra: ["grad_norm": 2])],  // a repeated step: the later row wins
            valid: [row(10, .valid, loss: 7, extra: ["perplexity": 1096.6, "bleu": 0.5, "chrf": 10]),
                    row(20, .valid, loss: 6.5, extra: ["perplexity": 665.1, "bleu": 1.5, "chrf": 14])],
            statistics: [
                statistic(10, "encoder.layers.0.ffn.linear1.weight", .gradient, l2: 3),
                statistic(10, "encoder.layers.0.ffn.linear2.weight", .gradient, l2: 4),
                statistic(10, "src_embed.weight", .gradient, l2: 1),
                statistic(10, "encoder.layers.0.ffn.linear1.weight", .weight, l2: 3, extra: ["update_ratio": 0.01]),
                statistic(10, "encoder.layers.0.ffn.linear2.weight", .weight, l2: 4, extra: ["update_ratio": 0.02]),
                statistic(10, "encoder.layers.0.feed_forward:hidden", .activation, l2: 0, extra: ["dead_fraction": 0.25]),
                statistic(20, "encoder.layers.0.feed_forward:hidden", .activation, l2: 0, extra: ["dead_fraction": 0.5]),
                statistic(10, "encoder.layers.0:output", .activation, l2: 0),
            ],
            histograms: [10, 20].map { step in
                StoredHistogram(runID: "r", step: step, name: "encoder.layers.0:output", kind: .activation,
                                histogram: Histogram(values: [0, 1, 1, 3], binCount: 3))
            })
    }

    func testEachChartHoldsTheFiguresItNames() throws {
        let byName = Dictionary(uniqueKeysWithValues: try charts.charts().map { ($0.name, $0.chart) })
        XCTAssertEqual(Set(byName.keys), [
            "loss", "loss-log", "fit", "perplexity-log", "dev-change", "dev-bleu-chrf", "learning-rate", "gradient-norm",
            "tokens-per-second", "layers-activation-std", "layers-activation-mean", "layers-dead-units",
            "layers-gradient-norm", "layers-update-ratio", "histogram-encoder-layers-0-output",
        ], "no gate chart without recurrent gates")
        let loss = byName["loss"]!
        XCTAssertEqual(loss.series.map(\.name), ["train (label-smoothed)", "dev"])
        XCTAssertEqual(loss.series[0].ys, [8, 5.5])
        XCTAssertEqual(loss.series[1].xs, [10, 20])
        XCTAssertTrue(byName["loss-log"]!.logarithmicY)
        XCTAssertEqual(byName["dev-change"]!.series.map(\.ys), [[-0.5], [1], [4]])
        XCTAssertEqual(byName["fit"]!.series.map(\.name), ["dev"], "no train-sample rows in these validations: dev alone")
        XCTAssertEqual(byName["layers-dead-units"]!.series.map(\.ys), [[0.25, 0.5]])
        // Per layer: √(3² + 4²) = 5 for encoder.layers.0, and src_embed alone.
        let gradients = byName["layers-gradient-norm"]!
        XCTAssertEqual(gradients.series.map(\.name), ["encoder.layers.0", "src_embed"])
        XCTAssertEqual(gradients.series.map(\.ys), [[5], [1]])
        // ‖Δw‖ = 0.03 and 0.08 → √(0.0009 + 0.0064) / 5.
        XCTAssertEqual(byName["layers-update-ratio"]!.series[0].ys[0], (0.0073).squareRoot() / 5, accuracy: 1e-12)
        // Bins of width 1 over [0, 3]: 1, 2, 1 values → shares at the bin centres.
        let histogram = byName["histogram-encoder-layers-0-output"]!
        XCTAssertEqual(histogram.series.map(\.name), ["step 10", "step 20"])
        XCTAssertEqual(histogram.series[0].xs, [0.5, 1.5, 2.5])
        XCTAssertEqual(histogram.series[0].ys, [0.25, 0.5, 0.25])
    }

    func testChartsAreWrittenAsImages() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("tern-plots-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let files = try charts.write(into: directory, formats: [.png, .svg])
        XCTAssertEqual(files.count, 30)
        let png = try Data(contentsOf: directory.appendingPathComponent("loss-log.png"))
        XCTAssertEqual(Array(png.prefix(8)), [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
        let svg = try String(contentsOf: directory.appendingPathComponent("layers-gradient-norm.svg"), encoding: .utf8)
        XCTAssertTrue(svg.hasPrefix("<?xml"), String(svg.prefix(40)))
    }

    func testLogarithmicAxisTicksAndLabels() {
        let scale = LogarithmicScale(lower: 2.3, upper: 950)
        XCTAssertEqual(scale.lower, 1)
        XCTAssertEqual(scale.upper, 1000)
        XCTAssertEqual(scale.ticks, [1, 10, 100, 1000])
        let narrow = LogarithmicScale(lower: 0.02, upper: 0.7)
        XCTAssertEqual(narrow.ticks, [0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1])
        XCTAssertEqual(narrow.label(0.05), "0.05")
        XCTAssertEqual(LogarithmicScale(lower: 1e-6, upper: 1e-2).label(1e-5), "1e-5")
        XCTAssertEqual(scale.fraction(10), 1.0 / 3, accuracy: 1e-12)
    }

    /// The range test's chart leaves out the blow-up above 4× the smoothed minimum and marks the suggestion.
    func testRangeTestChartShowsTheReadablePart() throws {
        let chart = try RangeTestChart.make(title: "t", rates: [1e-5, 1e-4, 1e-3, 1e-2, 1e-1], losses: [8, 6, 3, 9, 400],
                                            smoothed: [8, 7, 5, 6, 90], suggestion: ("valley", 2))
        XCTAssertTrue(chart.logarithmicX)
        XCTAssertEqual(chart.series.map(\.name), ["loss", "smoothed (β 0.98, debiased)", "valley"])
        XCTAssertEqual(chart.series[0].ys, [8, 6, 3, 9], "400 > 4 × 5 is left out")
        XCTAssertEqual(chart.series[1].ys, [8, 7, 5, 6], "90 > 20 is left out")
        XCTAssertEqual(chart.series[2].xs, [1e-3])
    }
}
