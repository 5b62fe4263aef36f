import Foundation
import TernStore
import TernViz

/// The charts of a training run, drawn from its model file alone (also while a run is writing it): the curves of the
/// training log and the per-layer statistics. Each chart is one ``LineChart`` with axes, ticks, a legend and a title,
/// so a person can read it without the numbers.
///
/// | file | what |
/// |---|---|
/// | `loss`, `loss-log` | train and dev loss per step, linear and logarithmic |
/// | `fit` | dev loss beside a train sample's scored the same way, and the unigram level: the gap is overfitting |
/// | `perplexity-log` | dev perplexity, and exp(train loss) (with label smoothing, so above what the model reaches) |
/// | `dev-change` | the change of dev loss, BLEU and chrF from one validation to the next |
/// | `dev-bleu-chrf` | dev BLEU and chrF |
/// | `learning-rate`, `gradient-norm`, `tokens-per-second` | the moving parts, on the same steps |
/// | `layers-…` | per-layer statistics (see ``LayerCharts``) |
/// | `histogram-…` | histograms of a layer's values at up to four steps |
public struct TrainingCharts {
    public let modelName: String
    public let train: [TrainingLogEntry]
    public let valid: [TrainingLogEntry]
    public let statistics: [LayerStatistics]
    public let histograms: [StoredHistogram]

    /// Reads what the charts need from a model file, opened read-only.
    public init(modelPath: String) throws {
        let file = try ModelFile(openingAt: modelPath, access: .readOnly, verifyStructure: false)
        defer { file.close() }
        self.init(modelName: URL(fileURLWithPath: modelPath).deletingPathExtension().lastPathComponent,
                  train: try file.trainingLog(kind: .train), valid: try file.trainingLog(kind: .valid),
                  statistics: try file.layerStatistics(), histograms: try file.histograms())
    }

    public init(modelName: String, train: [TrainingLogEntry], valid: [TrainingLogEntry], statistics: [LayerStatistics],
                histograms: [StoredHistogram]) {
        self.modelName = modelName
        // A resumed run may repeat steps after a crash; keep the last row of each step.
        self.train = TrainingCharts.lastPerStep(train)
        self.valid = TrainingCharts.lastPerStep(valid)
        self.statistics = statistics
        self.histograms = histograms
    }

    static func lastPerStep(_ rows: [TrainingLogEntry]) -> [TrainingLogEntry] {
        var byStep: [Int: TrainingLogEntry] = [:]
        for row in rows { byStep[row.step] = row }
        return byStep.keys.sorted().map { byStep[$0]! }
    }

    /// Every chart there is data for, by file name (without extension).
    public func charts() throws -> [(name: String, chart: LineChart)] {
        var charts: [(String, LineChart)] = []
        func add(_ name: String, _ title: String, _ yTitle: String, _ series: [LineChart.Series], log: Bool = false) throws {
            let drawn = series.filter { !$0.xs.isEmpty }
            guard !drawn.isEmpty else { return }
            charts.append((name, try LineChart(title: "\(modelName) · \(title)", xAxisTitle: "step", yAxisTitle: yTitle,
                                               series: drawn, logarithmicY: log)))
        }
        let trainLoss = points(train) { $0.loss }, devLoss = points(valid) { $0.loss }
        try add("loss", "loss", "cross-entropy per token", [series("train (label-smoothed)", trainLoss), series("dev", devLoss)])
        try add("loss-log", "loss, log scale", "cross-entropy per token",
                [series("train (label-smoothed)", trainLoss.filter { $0.y > 0 }), series("dev", devLoss.filter { $0.y > 0 })],
                log: true)
        try add("perplexity-log", "perplexity, log scale", "perplexity",
                [series("exp(train loss)", trainLoss.map { ($0.x, Foundation.exp($0.y)) }),
                 series("dev", points(valid) { $0.extra["perplexity"] })], log: true)
        try add("fit", "train sample vs dev (same scoring: no dropout, no label smoothing)", "cross-entropy per token",
                [series("train sample", points(valid) { $0.extra["train_sample_loss"] }), series("dev", devLoss),
                 series("unigram (word frequencies only)", points(valid) { $0.extra["unigram_loss"] })])
        try add("dev-change", "change from the previous validation", "difference",
                [series("dev loss", changes(devLoss)), series("dev BLEU", changes(points(valid) { $0.extra["bleu"] })),
                 series("dev chrF", changes(points(valid) { $0.extra["chrf"] }))])
        try add("dev-bleu-chrf", "dev BLEU and chrF (greedy)", "score",
                [series("BLEU", points(valid) { $0.extra["bleu"] }), series("chrF", points(valid) { $0.extra["chrf"] })])
        try add("learning-rate", "learning rate", "rate", [series("learning rate", points(train) { $0.learningRate }.filter { $0.y > 0 })],
                log: true)
        try add("gradient-norm", "gradient norm before clipping (mean per log interval)", "L2 norm",
                [series("gradient norm", points(train) { $0.extra["grad_norm"] }.filter { $0.y > 0 })], log: true)
        try add("tokens-per-second", "throughput", "target tokens per second",
                [series("tokens/s", points(train) { $0.tokensPerSecond })])
        let layers = LayerCharts(statistics: statistics)
        for (name, title, yTitle, series, log) in layers.panels() { try add(name, title, yTitle, series, log: log) }
        for (name, title, series) in HistogramCharts(histograms: histograms).panels() {
            guard !series.isEmpty else { continue }
            charts.append((name, try LineChart(title: "\(modelName) · \(title)", xAxisTitle: "value", yAxisTitle: "share of values",
                                               series: series)))
        }
        return charts
    }

    /// Writes every chart into `directory` (created if needed) in each format; returns the files.
    @discardableResult
    public func write(into directory: URL, formats: [ImageFormat]) throws -> [URL] {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        var files: [URL] = []
        for (name, chart) in try charts() {
            for format in formats {
                let url = directory.appendingPathComponent(name).appendingPathExtension(format.fileExtension)
                try chart.write(to: url, format: format)
                files.append(url)
            }
        }
        return files
    }

    func points(_ rows: [TrainingLogEntry], _ value: (TrainingLogEntry) -> Double?) -> [(x: Double, y: Double)] {
        rows.compactMap { row in value(row).flatMap { $0.isFinite ? (Double(row.step), $0) : nil } }
    }

    func series(_ name: String, _ points: [(x: Double, y: Double)]) -> LineChart.Series {
        LineChart.Series(name: name, points: points)
    }

    /// The differences between consecutive points, placed at the later step.
    func changes(_ points: [(x: Double, y: Double)]) -> [(x: Double, y: Double)] {
        zip(points, points.dropFirst()).map { ($1.x, $1.y - $0.y) }
    }
}
