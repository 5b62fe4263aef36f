import Foundation
import TernStore
import TernViz

/// The per-layer panels: one line per layer over the steps statistics were taken. They answer "is any layer dying,
/// exploding or stuck?": a dead-unit line climbing towards 1 is a feed-forward layer whose ReLUs went silent; a
/// gradient-norm line far below the others (decades, on the log axis) is a layer that barely learns — vanishing
/// gradients; an update ratio far from ~1e-3 says the learning rate is too large (above) or too small (below) for
/// that layer; an activation std drifting away from the others shows the scale running off.
struct LayerCharts {
    let statistics: [LayerStatistics]

    /// The layer a parameter belongs to: its name up to `layers.N`, or its first component (`src_embed`).
    static func layer(of name: String) -> String {
        let parts = name.split(separator: ".").map(String.init)
        if let index = parts.firstIndex(of: "layers"), index + 1 < parts.count {
            return parts[...(index + 1)].joined(separator: ".")
        }
        return parts.first ?? name
    }

    typealias Panel = (name: String, title: String, yTitle: String, series: [LineChart.Series], log: Bool)

    func panels() -> [Panel] {
        let activations = statistics.filter { $0.kind == .activation }
        var panels: [Panel] = [
            ("layers-activation-std", "layer outputs: standard deviation", "std",
             perName(activations, suffix: ":output") { $0.standardDeviation }, false),
            ("layers-activation-mean", "layer outputs: mean", "mean",
             perName(activations, suffix: ":output") { $0.mean }, false),
            ("layers-dead-units", "feed-forward units that are 0 for every token of the batch", "share of units",
             perName(activations, suffix: ":hidden") { $0.extra["dead_fraction"] }, false),
            ("layers-gate-saturation", "recurrent gates: saturated share (σ < 0.01 or > 0.99, |tanh| > 0.99)", "share",
             perName(activations, suffix: ":sigmoid_gates") { $0.extra["saturated_fraction"] }
                + perName(activations, suffix: ":tanh_gates") { $0.extra["saturated_fraction"] }, false),
        ]
        panels.append(("layers-gradient-norm", "gradient norm per layer (before clipping), log scale", "L2 norm",
                       perLayer(kind: .gradient) { rows in
                           rows.reduce(0.0) { $0 + pow($1.l2Norm ?? 0, 2) }.squareRoot()
                       }, true))
        panels.append(("layers-update-ratio", "update ratio ‖Δw‖/‖w‖ per layer, log scale", "ratio",
                       perLayer(kind: .weight) { rows in
                           let change = rows.reduce(0.0) { $0 + pow(($1.extra["update_ratio"] ?? 0) * ($1.l2Norm ?? 0), 2) }
                           let norm = rows.reduce(0.0) { $0 + pow($1.l2Norm ?? 0, 2) }
                           return norm > 0 ? (change / norm).squareRoot() : 0
                       }, true))
        return panels.map { panel in
            // A log axis cannot show zeros; a dead or non-finite figure is left out of the line, not drawn at 0.
            (panel.name, panel.title, panel.yTitle,
             panel.series.map { keep($0, positive: panel.log) }.filter { !$0.xs.isEmpty }, panel.log)
        }
    }

    /// One series per activation name ending in `suffix`, named without it.
    func perName(_ rows: [LayerStatistics], suffix: String, _ value: (LayerStatistics) -> Double?) -> [LineChart.Series] {
        var order: [String] = [], points: [String: [(x: Double, y: Double)]] = [:]
        for row in rows where row.name.hasSuffix(suffix) {
            guard let y = value(row) else { continue }
            let name = String(row.name.dropLast(suffix.count)) + (suffix.contains("gates") ? suffix : "")
            if points[name] == nil { order.append(name) }
            points[name, default: []].append((Double(row.step), y))
        }
        return order.map { LineChart.Series(name: $0.isEmpty ? "model" : $0, points: points[$0]!) }
    }

    /// One series per layer, each point `value` of the layer's rows of `kind` at a step.
    func perLayer(kind: LayerStatisticsKind, _ value: ([LayerStatistics]) -> Double) -> [LineChart.Series] {
        var order: [String] = [], rows: [String: [Int: [LayerStatistics]]] = [:]
        for row in statistics where row.kind == kind {
            let layer = LayerCharts.layer(of: row.name)
            if rows[layer] == nil { order.append(layer) }
            rows[layer, default: [:]][row.step, default: []].append(row)
        }
        return order.map { layer in
            let byStep = rows[layer]!
            return LineChart.Series(name: layer, points: byStep.keys.sorted().map { (Double($0), value(byStep[$0]!)) })
        }
    }

    func keep(_ series: LineChart.Series, positive: Bool) -> LineChart.Series {
        LineChart.Series(name: series.name, points: zip(series.xs, series.ys).filter { $0.1.isFinite && (!positive || $0.1 > 0) }
            .map { (x: $0.0, y: $0.1) })
    }
}

/// Histograms of layer outputs and feed-forward hidden units at up to four steps (the first, the last, two between),
/// one line per step, as the share of values per bucket: a distribution that collapses onto 0 or spreads out shows
/// here before it shows in the loss.
struct HistogramCharts {
    let histograms: [StoredHistogram]

    func panels() -> [(name: String, title: String, series: [LineChart.Series])] {
        var order: [String] = [], byName: [String: [StoredHistogram]] = [:]
        for histogram in histograms where histogram.kind == .activation
            && (histogram.name.hasSuffix(":output") || histogram.name.hasSuffix(":hidden")) {
            if byName[histogram.name] == nil { order.append(histogram.name) }
            byName[histogram.name, default: []].append(histogram)
        }
        return order.map { name in
            let all = byName[name]!.sorted { $0.step < $1.step }
            let picks = Set([0, all.count / 3, 2 * all.count / 3, all.count - 1]).sorted().map { all[$0] }
            let series = picks.filter { $0.histogram.count > 0 }.map { stored -> LineChart.Series in
                let h = stored.histogram
                var left = h.lowerBound
                let points = zip(h.bucketLimits, h.bucketCounts).map { limit, count -> (x: Double, y: Double) in
                    defer { left = limit }
                    return ((left + limit) / 2, Double(count) / Double(h.count))
                }
                return LineChart.Series(name: "step \(stored.step)", points: points)
            }
            let file = "histogram-" + name.replacingOccurrences(of: ":", with: "-").replacingOccurrences(of: ".", with: "-")
            return (file, "histogram of \(name)", series)
        }
    }
}
