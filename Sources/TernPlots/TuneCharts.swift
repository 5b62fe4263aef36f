import Foundation
import TernViz

/// The charts of a hyperparameter study (`tern tune --results STUDY --plot-dir D`), from numbers the caller
/// computes: this module draws, the tuner models.
public enum TuneCharts {
    /// The objective of each ended trial, with the best so far as a step line.
    public static func objectiveByTrial(objective: String, higherIsBetter: Bool,
                                        trials: [(number: Int, value: Double)]) throws -> LineChart {
        // A step line: flat until the trial that improves on it, then straight down (or up) at that trial.
        var best: Double?
        var bestSoFar: [(x: Double, y: Double)] = []
        for trial in trials {
            let x = Double(trial.number)
            if let best { bestSoFar.append((x, best)) }
            best = best.map { higherIsBetter ? max($0, trial.value) : min($0, trial.value) } ?? trial.value
            bestSoFar.append((x, best!))
        }
        return try LineChart(title: "\(objective) by trial", xAxisTitle: "trial", yAxisTitle: objective, series: [
            .init(name: "trial", points: trials.map { (Double($0.number), $0.value) }, markersOnly: true),
            .init(name: "best so far", points: bestSoFar),
        ])
    }

    /// Snoek et al.'s Figure 1 for one key: the GP's mean ± 2σ of the objective along the key (the other keys held
    /// at the best trial's values) with the evaluated trials, and the expected improvement. ``figure(posterior:acquisition:)``
    /// stacks the two in one picture.
    public static func gaussianProcessSlice(key: String, objective: String, logarithmicX: Bool, xs: [Double], mean: [Double],
                                            standardDeviation: [Double], evaluated: [(x: Double, y: Double)],
                                            expectedImprovement: [Double]) throws -> (posterior: LineChart, acquisition: LineChart) {
        let posterior = try LineChart(
            title: "GP posterior along \(key) (others at the best trial)", xAxisTitle: key, yAxisTitle: objective,
            series: [
                .init(name: "mean", points: zip(xs, mean).map { ($0, $1) }),
                .init(name: "mean + 2σ", points: xs.indices.map { (xs[$0], mean[$0] + 2 * standardDeviation[$0]) }),
                .init(name: "mean − 2σ", points: xs.indices.map { (xs[$0], mean[$0] - 2 * standardDeviation[$0]) }),
                .init(name: "trials", points: evaluated, markersOnly: true),
            ].filter { !$0.xs.isEmpty }, logarithmicX: logarithmicX)
        let acquisition = try LineChart(
            title: "expected improvement along \(key)", xAxisTitle: key, yAxisTitle: "expected improvement",
            series: [.init(name: "EI", points: zip(xs, expectedImprovement).map { ($0, $1) })], logarithmicX: logarithmicX)
        return (posterior, acquisition)
    }

    /// The slice's two charts in one picture, the expected improvement beneath the posterior on the same x.
    public static func figure(key: String, posterior: LineChart, acquisition: LineChart) throws -> ChartColumn {
        try ChartColumn(title: "GP posterior and expected improvement along \(key)", charts: [posterior, acquisition])
    }

    /// The GP over a pair of keys (the others at the best trial's values): its mean of the objective, its standard
    /// deviation and the expected improvement, one panel each over the same cells, the trials and the best marked.
    /// `mean`, `standardDeviation` and `expectedImprovement` are indexed [y band][x band].
    public static func gaussianProcessPair(keys: (x: String, y: String), objective: String, logarithmic: (x: Bool, y: Bool),
                                           edges: (x: [Double], y: [Double]), mean: [[Double]], standardDeviation: [[Double]],
                                           expectedImprovement: [[Double]], trials: [(x: Double, y: Double)],
                                           best: (x: Double, y: Double)?) throws -> SurfaceChart {
        try SurfaceChart(
            title: "GP over \(keys.x) and \(keys.y) (others at the best trial)", xAxisTitle: keys.x, yAxisTitle: keys.y,
            xEdges: edges.x, yEdges: edges.y, logarithmicX: logarithmic.x, logarithmicY: logarithmic.y,
            panels: [.init(title: "mean \(objective)", values: mean), .init(title: "standard deviation", values: standardDeviation),
                     .init(title: "expected improvement", values: expectedImprovement)],
            points: trials.map { Point(x: $0.x, y: $0.y) }, highlighted: best.map { Point(x: $0.x, y: $0.y) })
    }
}
