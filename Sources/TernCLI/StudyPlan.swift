import Foundation
import TernEval
import TernModels
import TernTrain
import TernTune

/// What a study runs, as given on the command line and kept in the study file's settings, so that
/// `tern tune --resume STUDY` needs nothing else.
struct StudyPlan {
    enum Objective: String, CaseIterable {
        case devBLEU = "dev_bleu", devChrF = "dev_chrf", devLoss = "dev_loss"
        var metric: ValidationMetric {
            switch self {
            case .devBLEU: return .bleu
            case .devChrF: return .chrf
            case .devLoss: return .loss
            }
        }
    }

    /// The base config's path, for messages, and its text as it was when the study began: trials build their
    /// config from the text, so editing or moving the file cannot change a resumed study's later trials. (Study
    /// files written before the text was kept read the path again.)
    var config: String
    var configText: String
    var overrides: [String]
    var trainSource: String, trainTarget: String, devSource: String, devTarget: String
    var spaceText: String
    var space: SearchSpace
    var objective: Objective
    var strategy: StrategyName
    var pruning: Bool
    /// Finished trials before the median rule prunes (Optuna's `n_startup_trials`, 5 by default).
    var pruningStartup: Int
    var trials: Int
    var trialSteps: Int?
    var trialMinutes: Double?
    var seed: UInt64
    var initialRandom: Int

    /// Training and model keys a space may search; the budget keys are the tuner's own.
    static var searchableKeys: Set<String> {
        TrainingSettings.keys.union(ModelConfig.keys).subtracting(["max_steps", "max_epochs", "max_minutes", "threads", "tensorboard_dir", "family"])
    }

    /// The base config with `overrides` (the study's own, then a trial's) applied.
    func baseConfig(overrides: [String]) throws -> ConfigFile {
        try ConfigFile(text: configText, source: config, overrides: overrides)
    }

    static func parseSpace(_ text: String, path: String) throws -> SearchSpace {
        try SearchSpaceFile.parse(text, path: path, allowedKeys: searchableKeys)
    }

    var settings: [String: String] {
        var result = ["config": config, "config_text": configText, "src_train": trainSource, "tgt_train": trainTarget, "src_dev": devSource, "tgt_dev": devTarget,
                      "space": spaceText, "objective": objective.rawValue, "strategy": strategy.rawValue,
                      "pruning": pruning ? "median" : "none", "pruning_startup": String(pruningStartup), "trials": String(trials), "seed": String(seed),
                      "initial_random": String(initialRandom)]
        result["overrides"] = String(decoding: (try? JSONSerialization.data(withJSONObject: overrides)) ?? Data("[]".utf8), as: UTF8.self)
        if let trialSteps { result["trial_steps"] = String(trialSteps) }
        if let trialMinutes { result["trial_minutes"] = String(trialMinutes) }
        return result
    }

    init(config: String, configText: String, overrides: [String], trainSource: String, trainTarget: String, devSource: String, devTarget: String,
         spaceText: String, space: SearchSpace, objective: Objective, strategy: StrategyName, pruning: Bool, pruningStartup: Int, trials: Int,
         trialSteps: Int?, trialMinutes: Double?, seed: UInt64, initialRandom: Int) {
        (self.config, self.configText, self.overrides, self.spaceText, self.space) = (config, configText, overrides, spaceText, space)
        (self.trainSource, self.trainTarget, self.devSource, self.devTarget) = (trainSource, trainTarget, devSource, devTarget)
        (self.objective, self.strategy, self.pruning, self.pruningStartup, self.trials) = (objective, strategy, pruning, pruningStartup, trials)
        (self.trialSteps, self.trialMinutes, self.seed, self.initialRandom) = (trialSteps, trialMinutes, seed, initialRandom)
    }

    /// The plan a study file recorded.
    init(settings s: [String: String], path: String) throws {
        func value(_ key: String) throws -> String {
            guard let value = s[key] else { throw TuneError.badStudy(path: path, reason: "its settings lack '\(key)'") }
            return value
        }
        config = try value("config")
        if let text = s["config_text"] {
            configText = text
        } else {
            guard let text = try? String(contentsOfFile: config, encoding: .utf8) else {
                throw TuneError.badStudy(path: path, reason: "its base config \(config) cannot be read (the study predates keeping the config's text)")
            }
            configText = text
        }
        overrides = (try? JSONSerialization.jsonObject(with: Data(try value("overrides").utf8))) as? [String] ?? []
        (trainSource, trainTarget, devSource, devTarget) = (try value("src_train"), try value("tgt_train"), try value("src_dev"), try value("tgt_dev"))
        spaceText = try value("space")
        space = try StudyPlan.parseSpace(spaceText, path: path + " (its search space)")
        guard let objective = Objective(rawValue: try value("objective")), let strategy = StrategyName(rawValue: try value("strategy")),
              let trials = Int(try value("trials")), let seed = UInt64(try value("seed")), let initial = Int(try value("initial_random"))
        else { throw TuneError.badStudy(path: path, reason: "its settings are damaged") }
        (self.objective, self.strategy, self.trials, self.seed, initialRandom) = (objective, strategy, trials, seed, initial)
        pruning = s["pruning"] == "median"
        pruningStartup = s["pruning_startup"].flatMap { Int($0) } ?? 5
        trialSteps = s["trial_steps"].flatMap { Int($0) }
        trialMinutes = s["trial_minutes"].flatMap { Double($0) }
    }
}
