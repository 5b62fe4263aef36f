import ArgumentParser
import Foundation
import TernTrain

struct TrainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train",
        abstract: "Train a translator from two aligned text files into one model file.",
        discussion: """
        The config file (YAML or JSON) is one flat mapping of model keys (see models/*.yaml) and training keys. \
        --set key=value overrides any key. Training keys and their defaults:

        \(TrainingSettings.documentation)
        """
    )

    @Option(help: "Model and training config (YAML or JSON), e.g. models/transformer-small.yaml.")
    var config: String?
    @Option(name: .customLong("src-train"), help: "Training source file, one sentence per line.")
    var sourceTrain: String?
    @Option(name: .customLong("tgt-train"), help: "Training target file, aligned with --src-train.")
    var targetTrain: String?
    @Option(name: .customLong("src-dev"), help: "Dev source file.")
    var sourceDev: String?
    @Option(name: .customLong("tgt-dev"), help: "Dev target file (references for BLEU/chrF).")
    var targetDev: String?
    @Option(help: "Model file to create (it must not exist yet).")
    var output: String?
    @Option(help: "Continue the run stored in this model file.")
    var resume: String?
    @Option(name: .customLong("set"), help: "Override a config key, e.g. --set max_steps=2000 (repeatable).")
    var overrides: [String] = []

    func validate() throws {
        if resume == nil {
            guard config != nil else { throw ValidationError("give --config (a model preset such as models/transformer-small.yaml) or --resume MODEL") }
            guard sourceTrain != nil, targetTrain != nil, sourceDev != nil, targetDev != nil else {
                throw ValidationError("a new run needs --src-train, --tgt-train, --src-dev and --tgt-dev")
            }
            guard let output else { throw ValidationError("a new run needs --output MODEL.tern") }
            if FileManager.default.fileExists(atPath: output) {
                throw ValidationError("\(output) already exists; continue it with --resume \(output), or choose another --output")
            }
        } else if output != nil && output != resume {
            throw ValidationError("--resume continues the run in its own file; drop --output")
        }
    }

    func run() throws {
        do {
            let paths: TrainingPaths
            let settings: ConfigFile
            if let resume {
                let stored = try TrainingPaths.stored(in: resume)
                paths = TrainingPaths(trainSource: sourceTrain ?? stored.trainSource, trainTarget: targetTrain ?? stored.trainTarget,
                                      devSource: sourceDev ?? stored.devSource, devTarget: targetDev ?? stored.devTarget, output: resume)
                settings = try ConfigFile(resumingFrom: resume, overrides: overrides)
            } else {
                paths = TrainingPaths(trainSource: sourceTrain!, trainTarget: targetTrain!, devSource: sourceDev!,
                                      devTarget: targetDev!, output: output!)
                settings = try ConfigFile(path: config, overrides: overrides)
            }
            let summary = try Trainer(config: settings, paths: paths, log: StandardError.line).run(resume: resume != nil)
            var line = "stopped after \(summary.steps) steps (epoch \(summary.epochs)) by \(summary.stoppedBy)"
            if let v = summary.lastValidation { line += String(format: "; dev BLEU %.2f, chrF %.2f", v.bleu, v.chrF) }
            StandardError.line(line + "; model: \(paths.output)")
        } catch let error as CustomStringConvertible & Error {
            StandardError.line("error: \(error.description)")
            throw ExitCode.failure
        }
    }
}
