import ArgumentParser
import Foundation
import TernTrain
import TernTune

extension StrategyName: ExpressibleByArgument {}
extension StudyPlan.Objective: ExpressibleByArgument {}

/// `tern tune`: a hyperparameter search whose trials are training runs, kept in one SQLite study file.
struct TuneCommand: TernCommand {
    static let configuration = CommandConfiguration(
        commandName: "tune",
        abstract: "Search training and model keys with Gaussian-process expected improvement (or at random); trials are training runs.",
        discussion: """
        New study: --config BASE --space SPACE.yaml --study STUDY, the four corpus files, --trials N and a trial budget \
        (--trial-steps or --trial-minutes). The space is YAML, one key per line, e.g. \
        `learning_rate: {type: float, min: 1.0e-4, max: 3.0e-3, log: true}`, `warmup: {type: int, min: 0, max: 2000, step: 250}`, \
        `norm: {type: choice, values: [pre, post]}`. The best trial's model is kept as STUDY's name with .best.tern. \
        --resume STUDY carries on a stopped study (a trial that was running starts again); --results STUDY prints its \
        trials, and with --plot-dir draws the objective by trial; for one key the GP's mean ± 2σ with the EI beneath; and for a pair of keys the GP's mean, σ and EI as colour maps.
        """)

    @Option(help: "Base model and training config (YAML or JSON); each trial overrides the searched keys.")
    var config: String?
    @OptionGroup var corpora: CorpusOptions
    @Option(help: "The search space (YAML).")
    var space: String?
    @Option(help: "The study file to create (SQLite).")
    var study: String?
    @Option(help: "Trials in the study (complete, pruned and failed ones count).")
    var trials: Int?
    @Option(name: .customLong("trial-steps"), help: "Each trial's budget in updates.")
    var trialSteps: Int?
    @Option(name: .customLong("trial-minutes"), help: "Each trial's budget in minutes of training.")
    var trialMinutes: Double?
    @Option(help: "What to optimise: dev_bleu, dev_chrf (maximised) or dev_loss (minimised).")
    var objective: StudyPlan.Objective = .devBLEU
    @Option(help: "random, gp-ei, or gp-ei-per-second (expected improvement per second of training).")
    var strategy: StrategyName = .gpEI
    @Option(help: "median: stop a trial whose metric at a validation is worse than the median of finished trials at that step.")
    var pruning: String?
    @Option(name: .customLong("pruning-startup"), help: "Trials that must finish before the median rule prunes (Optuna's default: 5).")
    var pruningStartup = 5
    @Option(name: .customLong("initial"), help: "Random trials before the GP takes over (default: a third of --trials, at least 2).")
    var initialRandom: Int?
    @Option(help: "Seed of the search.")
    var seed: UInt64 = 1
    @Option(name: .customLong("set"), help: "Override a base config key for every trial (repeatable).")
    var overrides: [String] = []

    @Option(help: "Carry on this study.")
    var resume: String?
    @Option(help: "Print this study's trials.")
    var results: String?
    @Option(name: .customLong("plot-dir"), help: "With --results: draw the study's charts (PNG and SVG) into this directory.")
    var plotDirectory: String?
    @Option(help: "With --plot-dir: the key of the GP chart (default: the first key of the space).")
    var key: String?
    @Option(help: "With --plot-dir: the two keys of the pair chart, KEY1,KEY2 (default: the two numbers the GP finds the objective most sensitive to, by its length scales).")
    var pair: String?

    func validate() throws {
        let modes = [resume, results].compactMap { $0 }.count + (study != nil ? 1 : 0)
        guard modes == 1 else { throw ValidationError("give one of --study (a new study), --resume STUDY or --results STUDY") }
        if results == nil, plotDirectory != nil || key != nil || pair != nil { throw ValidationError("--plot-dir, --key and --pair go with --results") }
        if let pair, pair.split(separator: ",").count != 2 { throw ValidationError("--pair takes two keys, KEY1,KEY2; got '\(pair)'") }
        guard study != nil else { return }
        guard config != nil, space != nil else { throw ValidationError("a new study needs --config BASE and --space SPACE.yaml") }
        guard corpora.trainSource != nil, corpora.devSource != nil else {
            throw ValidationError("a new study needs --src-train, --tgt-train, --src-dev and --tgt-dev")
        }
        guard let trials, trials >= 1 else { throw ValidationError("a new study needs --trials N (at least 1)") }
        guard (trialSteps == nil) != (trialMinutes == nil) else { throw ValidationError("give one trial budget: --trial-steps K or --trial-minutes M") }
        if let trialSteps, trialSteps < 1 { throw ValidationError("--trial-steps must be at least 1, got \(trialSteps)") }
        if let trialMinutes, !(trialMinutes > 0) { throw ValidationError("--trial-minutes must be positive, got \(trialMinutes)") }
        if let pruning, pruning != "median" { throw ValidationError("--pruning accepts only median, got '\(pruning)'") }
        guard pruningStartup >= 1 else { throw ValidationError("--pruning-startup must be at least 1, got \(pruningStartup)") }
        if let initialRandom, initialRandom < 2 { throw ValidationError("--initial must be at least 2, got \(initialRandom)") }
        if let study, FileManager.default.fileExists(atPath: study) {
            throw ValidationError("\(study) already exists; carry it on with --resume \(study), or choose another --study")
        }
    }

    func execute() throws {
        if let results { return try StudyResults(path: results).print(plotDirectory: plotDirectory, key: key,
                                                                                       pair: pair.map { $0.split(separator: ",").map(String.init) }) }
        if let resume {
            let file = try StudyFile.open(path: resume)
            let plan = try StudyPlan(settings: try file.settings(), path: resume)
            return try StudyRunner(study: file, plan: plan, log: StandardError.line).run()
        }
        let spacePath = space!
        guard let spaceText = try? String(contentsOfFile: spacePath, encoding: .utf8) else { throw TuneError.missingSpace(path: spacePath) }
        let parsed = try StudyPlan.parseSpace(spaceText, path: spacePath)
        _ = try ConfigFile(path: config, overrides: overrides) // the base must be valid before a study file exists
        let configText = try String(contentsOfFile: config!, encoding: .utf8)
        for (path, role) in [(corpora.trainSource!, "--src-train"), (corpora.trainTarget!, "--tgt-train"),
                             (corpora.devSource!, "--src-dev"), (corpora.devTarget!, "--tgt-dev")]
        where !FileManager.default.fileExists(atPath: path) {
            throw TrainingError.missingFile(path: path, role: role)
        }
        let plan = StudyPlan(config: config!, configText: configText, overrides: overrides, trainSource: corpora.trainSource!, trainTarget: corpora.trainTarget!,
                             devSource: corpora.devSource!, devTarget: corpora.devTarget!, spaceText: spaceText, space: parsed,
                             objective: objective, strategy: strategy, pruning: pruning == "median", pruningStartup: pruningStartup, trials: trials!,
                             trialSteps: trialSteps, trialMinutes: trialMinutes, seed: seed,
                             initialRandom: initialRandom ?? max(2, trials! / 3))
        let file = try StudyFile.create(path: study!, settings: plan.settings)
        try StudyRunner(study: file, plan: plan, log: StandardError.line).run()
    }
}
