import Foundation
import TernPlots
import TernTune
import TernViz

/// `tern tune --results STUDY`: the trials best first (Keras Tuner's `results_summary` as a table), and with a plot
/// directory the objective by trial and the GP along one key.
struct StudyResults {
    let path: String

    func print(plotDirectory: String?, key: String?) throws {
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
        if let plotDirectory { try plot(into: plotDirectory, key: key, plan: plan, trials: trials) }
    }

    func plot(into directory: String, key: String?, plan: StudyPlan, trials: [StudyFile.Trial]) throws {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let metric = plan.objective.metric
        let ended = trials.filter { $0.value != nil && $0.state != .failed }.map { (number: $0.number, value: $0.value!) }
        guard !ended.isEmpty else { throw TuneError.badStudy(path: path, reason: "no trial has a result to plot yet") }
        let byTrial = try TuneCharts.objectiveByTrial(objective: plan.objective.rawValue, higherIsBetter: metric.higherIsBetter, trials: ended)
        var written: [String] = []
        for format in [ImageFormat.png, .svg] {
            let file = "\(directory)/objective-by-trial.\(format.rawValue)"
            try byTrial.write(to: URL(fileURLWithPath: file), format: format)
            written.append(file)
        }
        let name = key ?? plan.space.parameters.first { $0.width == 1 }?.name
        guard let name, let index = plan.space.parameters.firstIndex(where: { $0.name == name }) else {
            throw TuneError.badStudy(path: path, reason: "--key \(key ?? "?") is not a key of its space (\(plan.space.parameters.map(\.name).joined(separator: ", ")))")
        }
        let parameter = plan.space.parameters[index]
        guard parameter.width == 1 else { throw TuneError.badStudy(path: path, reason: "--key \(name) is a choice; the GP chart needs a number") }
        let complete = trials.filter { $0.state == .complete && $0.value != nil }.compactMap { trial -> (StudyFile.Trial, SearchSpace.Assignment)? in
            plan.space.assignment(from: trial.assignment).map { (trial, $0) }
        }
        let history = complete.map { Observation(assignment: $1, value: TrialObserver.minimised($0.value!, metric), seconds: $0.seconds) }
        var generator = TuneRandom(seed: plan.seed)
        guard let (process, targets) = GaussianProcessSearch().model(space: plan.space, history: history, generator: &generator) else {
            Swift.print("plots: \(written.joined(separator: ", ")) (the GP chart needs two complete trials)")
            return
        }
        let bestAssignment = history.min { $0.value < $1.value }!.assignment
        let sign = metric.higherIsBetter ? -1.0 : 1.0
        let bestStandardised = targets.values.min()!
        var xs: [Double] = [], means: [Double] = [], deviations: [Double] = [], improvements: [Double] = []
        var isLog = false
        if case let .real(_, _, log, _) = parameter.kind { isLog = log }
        if case let .integer(_, _, log, _) = parameter.kind { isLog = log }
        for step in 0...200 {
            // Along the key's cube column, the other keys at the best trial's values; x is the column decoded (on a
            // stepped key's grid, so the curve is then drawn in steps).
            var point = plan.space.encode(bestAssignment)
            let column = plan.space.parameters[..<index].reduce(0) { $0 + $1.width }
            point[column] = Double(step) / 200
            let prediction = process.predict(point)
            guard let x = parameter.decode([point[column]][...]).number else { continue }
            xs.append(x)
            means.append(sign * (targets.mean + targets.scale * prediction.mean))
            deviations.append(targets.scale * prediction.standardDeviation)
            improvements.append(targets.scale * ExpectedImprovement.value(mean: prediction.mean, standardDeviation: prediction.standardDeviation,
                                                                          best: bestStandardised))
        }
        let evaluated = complete.compactMap { trial, assignment in assignment[index].number.map { (x: $0, y: trial.value!) } }
        let (posterior, acquisition) = try TuneCharts.gaussianProcessSlice(
            key: name, objective: plan.objective.rawValue, logarithmicX: isLog, xs: xs, mean: means, standardDeviation: deviations,
            evaluated: evaluated, expectedImprovement: improvements)
        for format in [ImageFormat.png, .svg] {
            let suffix = format.rawValue
            for (chart, file) in [(posterior, "gp-\(name).\(suffix)"), (acquisition, "ei-\(name).\(suffix)")] {
                try chart.write(to: URL(fileURLWithPath: "\(directory)/\(file)"), format: format)
                written.append("\(directory)/\(file)")
            }
        }
        Swift.print("plots: \(written.joined(separator: ", "))")
    }
}
