import ArgumentParser
import Foundation
import TernModels
import TernTrain
import TernTune

/// Runs a study's trials until it has `trials` ended ones (complete, pruned or failed): each trial a real training
/// run of the base config with the suggested keys as overrides, on the trial budget. A trial that a killed study
/// left running starts again first, with the same keys.
///
/// Model files, beside the study `DIR/NAME.study`: the running trial trains into `DIR/NAME.trial-K.tern`; when a
/// complete trial is the best so far its file becomes `DIR/NAME.best.tern` (a normal model file: translate, plot,
/// resume it), and every other trial's file is deleted.
struct StudyRunner {
    let study: StudyFile
    let plan: StudyPlan
    let log: (String) -> Void

    var stem: String {
        let url = URL(fileURLWithPath: study.path)
        return url.deletingPathExtension().path
    }
    func trialModelPath(_ number: Int) -> String { "\(stem).trial-\(number).tern" }
    var bestModelPath: String { "\(stem).best.tern" }

    /// Minimised value of a trial (BLEU negated).
    func minimised(_ value: Double) -> Double { TrialObserver.minimised(value, plan.objective.metric) }

    func run() throws {
        for trial in try study.restartRunning() {
            guard let assignment = plan.space.assignment(from: trial.assignment) else {
                try study.finish(trial: trial.number, state: .failed, value: nil, seconds: 0, message: "its keys do not fit the space")
                continue
            }
            log("trial \(trial.number) was running when the study stopped; it starts again")
            try runTrial(number: trial.number, assignment: assignment)
        }
        let strategy = plan.strategy.make(initialRandom: plan.initialRandom)
        while true {
            let trials = try study.trials()
            let ended = trials.filter { $0.state != .running }
            guard ended.count < plan.trials else { break }
            let history = trials.filter { $0.state == .complete }.compactMap { trial -> Observation? in
                guard let value = trial.value, let assignment = plan.space.assignment(from: trial.assignment) else { return nil }
                return Observation(assignment: assignment, value: minimised(value), seconds: trial.seconds)
            }
            var generator = TuneRandom(seed: plan.seed &+ UInt64(trials.count + 1) &* 0x9E37_79B9)
            let assignment = strategy.suggest(space: plan.space, history: history, generator: &generator)
            let number = try study.begin(assignment: plan.space.described(assignment))
            try runTrial(number: number, assignment: assignment)
        }
        if let best = try bestTrial() {
            log("study done: best trial \(best.number), \(plan.objective.rawValue) \(String(format: "%.4g", best.value ?? .nan)); model: \(bestModelPath)")
        }
    }

    func bestTrial() throws -> StudyFile.Trial? {
        try study.trials().filter { $0.state == .complete && $0.value != nil }.min { minimised($0.value!) < minimised($1.value!) }
    }

    func overrides(for assignment: SearchSpace.Assignment) throws -> [String] {
        var budget: [String] = []
        if let steps = plan.trialSteps {
            budget = ["max_steps=\(steps)"]
            // Validations along the way, for the curve and the median rule: four per trial unless the base asks for more.
            let base = try plan.baseConfig(overrides: plan.overrides)
            if base.training.validEvery >= steps { budget.append("valid_every=\(max(1, steps / 4))") }
        }
        if let minutes = plan.trialMinutes { budget.append("max_minutes=\(minutes)") }
        return plan.overrides + budget + plan.space.overrides(assignment)
    }

    func runTrial(number: Int, assignment: SearchSpace.Assignment) throws {
        let trials = try study.trials()
        let ended = trials.filter { $0.state != .running }
        let best = try bestTrial()
        let bestText = best.map { "\(String(format: "%.4g", $0.value!)) (trial \($0.number))" } ?? "none yet"
        let meanSeconds = ended.isEmpty ? nil : ended.map(\.seconds).reduce(0, +) / Double(ended.count)
        let eta = meanSeconds.map { mean -> String in
            let seconds = mean * Double(plan.trials - ended.count)
            return seconds < 120 ? String(format: ", ETA %.0f s", seconds) : String(format: ", ETA %.0f min", seconds / 60)
        } ?? ""
        let label = "trial \(ended.count + 1) of \(plan.trials) (#\(number))"
        log("\(label): \(plan.space.overrides(assignment).joined(separator: " "))\(eta)")

        let path = trialModelPath(number)
        StudyRunner.removeModel(at: path)
        let started = Date()
        let observer = TrialObserver(
            study: study, trial: number, label: label, metric: plan.objective.metric, pruning: plan.pruning ? MedianPruning(startupTrials: plan.pruningStartup) : nil,
            finishedCurves: trials.filter { $0.state == .complete }.map { $0.curve.mapValues(minimised) }, bestSoFar: bestText)
        let summary: TrainingSummary
        do {
            let config = try plan.baseConfig(overrides: try overrides(for: assignment))
            let paths = TrainingPaths(trainSource: plan.trainSource, trainTarget: plan.trainTarget, devSource: plan.devSource,
                                      devTarget: plan.devTarget, output: path)
            summary = try StudyRunner.train(config: config, paths: paths, observers: [TrainingLogObserver(), observer])
        } catch let error as ModelConfigError {
            return try fail(number, started: started, path: path, message: error.description)
        } catch let error as TrainingError {
            if case .invalidSetting = error { return try fail(number, started: started, path: path, message: error.description) }
            throw error
        }
        if let error = observer.storageError { throw error }
        let seconds = Date().timeIntervalSince(started)
        switch summary.stoppedBy {
        case .interrupted:
            // The trial stays `running`: `--resume` starts it again.
            throw ExitCode(ExitStatus.interrupted.rawValue)
        case .diverged:
            return try fail(number, started: started, path: path, message: summary.stoppedBy.description)
        default:
            break
        }
        let value = summary.lastValidation?.value(of: plan.objective.metric)
        let state: StudyFile.State = observer.pruned ? .pruned : .complete
        let isBest = state == .complete && value != nil && (best?.value).map { minimised(value!) < minimised($0) } ?? (value != nil)
        try study.finish(trial: number, state: state, value: value, seconds: seconds)
        if isBest {
            StudyRunner.removeModel(at: bestModelPath)
            try FileManager.default.moveItem(atPath: path, toPath: bestModelPath)
        } else {
            StudyRunner.removeModel(at: path)
        }
        log(String(format: "%@ %@: %@ %.4g after %d steps, %.0f s", label, state.rawValue, plan.objective.rawValue, value ?? .nan,
                   summary.steps, seconds) + (isBest ? " — best so far" : ""))
    }

    func fail(_ number: Int, started: Date, path: String, message: String) throws {
        try study.finish(trial: number, state: .failed, value: nil, seconds: Date().timeIntervalSince(started), message: message)
        StudyRunner.removeModel(at: path)
        log("trial #\(number) failed: \(message)")
    }

    /// Trains in a scope of its own, so that the run (and its open model file) is gone before the file is moved.
    static func train(config: ConfigFile, paths: TrainingPaths, observers: [TrainingObserver]) throws -> TrainingSummary {
        let run = try TrainingRun.start(config: config, paths: paths, observers: observers)
        return try run.run()
    }

    /// A model file and its SQLite companions.
    static func removeModel(at path: String) {
        for suffix in ["", "-wal", "-shm", "-journal"] { try? FileManager.default.removeItem(atPath: path + suffix) }
    }
}
