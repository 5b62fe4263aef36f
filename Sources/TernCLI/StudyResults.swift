import Foundation
import TernPlots
import TernTune
import TernViz

/// `tern tune --results STUDY`: the trials best first (Keras Tuner's `results_summary` as a table), and with a plot
/// directory the objective by trial and the GP along one key.
struct StudyResults {
    let path: String

    func print(plotDirectory: String?, key: String?, pair: [String]? = nil) throws {
        let study = try StudyFile.open(path: path)
        let plan = try StudyPlan(settings: try study.settings(), path: path)
        let trials = try study.trials()
        let metric = plan.objective.metric
        let ranked = trials.sorted { a, b in
            switch (a.value, b.value) {
            case let (x?, y?) where a.state == .complete && b.state == .complete:
                return TrialObserver.minimised(x, metric) < TrialObserver.minimised(y, metric)
            default:
                return (a.state == .complete ? 0 : 1, a.number) < (b.state == .complete ? 0 : 1, b.number)
            }
        }
        let counts = Dictionary(grouping: trials, by: \.state).mapValues(\.count)
        Swift.print("study \(path): \(plan.objective.rawValue) (\(metric.higherIsBetter ? "higher" : "lower") is better), strategy \(plan.strategy.rawValue), "
            + "\(trials.filter { $0.state != .running }.count) of \(plan.trials) trials ended ("
            + StudyFile.State.allCases.compactMap { state in counts[state].map { "\($0) \(state.rawValue)" } }.joined(separator: ", ") + ")")
        let keys = plan.space.parameters.map(\.name)
        var rows = [["trial", "state", plan.objective.rawValue, "steps", "seconds"] + keys]
        for trial in ranked {
            rows.append([String(trial.number), trial.state.rawValue, trial.value.map { String(format: "%.4g", $0) } ?? "—",
                         trial.curve.keys.max().map(String.init) ?? "—", String(format: "%.0f", trial.seconds)]
                        + keys.map { trial.assignment[$0] ?? "?" })
        }
        let widths = rows[0].indices.map { column in rows.map { $0[column].count }.max()! }
        for row in rows {
            Swift.print(row.enumerated().map { $1.padding(toLength: widths[$0], withPad: " ", startingAt: 0) }.joined(separator: "  "))
        }
        if let best = ranked.first, best.state == .complete {
            let model = URL(fileURLWithPath: path).deletingPathExtension().path + ".best.tern"
            Swift.print("best: trial \(best.number); model \(model)")
        }
        if let plotDirectory { try plot(into: plotDirectory, key: key, pair: pair, plan: plan, trials: trials) }
    }

    func plot(into directory: String, key: String?, pair: [String]?, plan: StudyPlan, trials: [StudyFile.Trial]) throws {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let metric = plan.objective.metric
        let ended = trials.filter { $0.value != nil && $0.state != .failed }.map { (number: $0.number, value: $0.value!) }
        guard !ended.isEmpty else { throw TuneError.badStudy(path: path, reason: "no trial has a result to plot yet") }
        var written: [String] = []
        func write(_ data: (ImageFormat) throws -> Data, _ name: String) throws {
            for format in [ImageFormat.png, .svg] {
                let file = "\(directory)/\(name).\(format.rawValue)"
                try data(format).write(to: URL(fileURLWithPath: file))
                written.append(file)
            }
        }
        let byTrial = try TuneCharts.objectiveByTrial(objective: plan.objective.rawValue, higherIsBetter: metric.higherIsBetter, trials: ended)
        try write(byTrial.data, "objective-by-trial")

        func numericIndex(_ name: String, option: String) throws -> Int {
            guard let index = plan.space.parameters.firstIndex(where: { $0.name == name }) else {
                throw TuneError.badStudy(path: path, reason: "\(option) \(name) is not a key of its space (\(plan.space.parameters.map(\.name).joined(separator: ", ")))")
            }
            guard plan.space.parameters[index].width == 1 else {
                throw TuneError.badStudy(path: path, reason: "\(option) \(name) is a choice; the GP charts need a number")
            }
            return index
        }
        let sliceIndex = try numericIndex(key ?? plan.space.parameters.first { $0.width == 1 }?.name ?? "?", option: "--key")
        let complete = trials.filter { $0.state == .complete && $0.value != nil }.compactMap { trial -> (StudyFile.Trial, SearchSpace.Assignment)? in
            plan.space.assignment(from: trial.assignment).map { (trial, $0) }
        }
        let history = complete.map { Observation(assignment: $1, value: TrialObserver.minimised($0.value!, metric), seconds: $0.seconds) }
        var generator = TuneRandom(seed: plan.seed)
        guard let (process, targets) = GaussianProcessSearch().model(space: plan.space, history: history, generator: &generator) else {
            Swift.print("plots: \(written.joined(separator: ", ")) (the GP charts need two complete trials)")
            return
        }
        // The best complete trial: where the charts cut through the space, and the pair chart's highlighted point.
        let best = complete[history.indices.min { history[$0].value < history[$1].value }!].1
        let surface = PosteriorSurface(space: plan.space, process: process, targets: targets, higherIsBetter: metric.higherIsBetter,
                                       best: best)

        // One key: the posterior along it, the expected improvement beneath.
        let slice = surface.alongKey(sliceIndex, points: 200)
        let name = plan.space.parameters[sliceIndex].name
        let evaluated = complete.compactMap { trial, assignment in assignment[sliceIndex].number.map { (x: $0, y: trial.value!) } }
        let (posterior, acquisition) = try TuneCharts.gaussianProcessSlice(
            key: name, objective: plan.objective.rawValue, logarithmicX: plan.space.parameters[sliceIndex].isLogarithmic, xs: slice.xs,
            mean: slice.mean, standardDeviation: slice.standardDeviation, evaluated: evaluated, expectedImprovement: slice.expectedImprovement)
        try write(try TuneCharts.figure(key: name, posterior: posterior, acquisition: acquisition).data, "gp-\(name)")

        // A pair of keys: mean, σ and EI as colour maps.
        let numeric = plan.space.parameters.indices.filter { plan.space.parameters[$0].width == 1 }
        let pairIndices: [Int]
        if let pair {
            pairIndices = try pair.map { try numericIndex($0, option: "--pair") }
            guard pairIndices[0] != pairIndices[1] else { throw TuneError.badStudy(path: path, reason: "--pair needs two different keys") }
        } else {
            pairIndices = Array(surface.keysBySensitivity().filter(numeric.contains).prefix(2))
        }
        if pairIndices.count == 2 {
            let grid = surface.overPair(x: pairIndices[0], y: pairIndices[1], cells: 40)
            let (x, y) = (plan.space.parameters[pairIndices[0]], plan.space.parameters[pairIndices[1]])
            func pairPoint(_ a: SearchSpace.Assignment) -> (x: Double, y: Double)? {
                a[pairIndices[0]].number.flatMap { x in a[pairIndices[1]].number.map { (x: x, y: $0) } }
            }
            let chart = try TuneCharts.gaussianProcessPair(
                keys: (x.name, y.name), objective: plan.objective.rawValue, logarithmic: (x.isLogarithmic, y.isLogarithmic),
                edges: (grid.xEdges, grid.yEdges), mean: grid.mean, standardDeviation: grid.standardDeviation,
                expectedImprovement: grid.expectedImprovement,
                trials: complete.compactMap { pairPoint($0.1) }, best: pairPoint(best))
            try write(chart.data, "gp-\(x.name)-\(y.name)")
        }
        Swift.print("plots: \(written.joined(separator: ", "))")
    }
}
