import ArgumentParser
import Foundation
import TernMPI
import TernTrain

struct TrainCommand: TernCommand {
    static let configuration = CommandConfiguration(
        commandName: "train",
        abstract: "Train a translator from two aligned text files into one model file.",
        discussion: """
        The config file (YAML or JSON) is one flat mapping of model keys (see models/*.yaml) and training keys. \
        --set key=value overrides any key; a resumed run accepts only max_steps, max_epochs, max_minutes and threads. \
        Ctrl-C saves a checkpoint and exits with 130. Under `mpirun -np N`, N processes train one model together \
        (data parallelism; see the README). Training keys and their defaults:

        \(TrainingSettings.documentation)
        """
    )

    @Option(help: "Model and training config (YAML or JSON), e.g. models/transformer-small.yaml.")
    var config: String?
    @OptionGroup var corpora: CorpusOptions
    @Option(help: "Model file to create (it must not exist yet).")
    var output: String?
    @Option(help: "Continue the run stored in this model file.")
    var resume: String?
    @Option(name: .customLong("set"), help: "Override a config key, e.g. --set max_steps=2000 (repeatable).")
    var overrides: [String] = []
    @Option(name: .customLong("src-extra"), help: "Extra training sources, e.g. back-translations (repeatable; added to the config's src_extra).")
    var sourceExtra: [String] = []
    @Option(name: .customLong("tgt-extra"), help: "The targets of --src-extra, file for file (added to tgt_extra).")
    var targetExtra: [String] = []
    @Option(name: .customLong("extra-tag"), help: "A word put before every extra source (tagged back-translation), one token of its own (extra_tag).")
    var extraTag: String?

    /// The config file with the overrides and the extra pairs of the command line.
    func configFile() throws -> ConfigFile {
        var file = try ConfigFile(path: config, overrides: overrides)
        file.training.srcExtra += sourceExtra
        file.training.tgtExtra += targetExtra
        if let extraTag { file.training.extraTag = extraTag }
        try file.training.validate()
        return file
    }

    func validate() throws {
        if resume != nil && (!sourceExtra.isEmpty || !targetExtra.isEmpty || extraTag != nil) {
            throw ValidationError("--resume continues the run with its stored extra pairs; drop --src-extra, --tgt-extra and --extra-tag")
        }
        if sourceExtra.count != targetExtra.count {
            throw ValidationError("--src-extra and --tgt-extra go in pairs, got \(sourceExtra.count) and \(targetExtra.count)")
        }
        if resume == nil {
            guard config != nil else { throw ValidationError("give --config (a model preset such as models/transformer-small.yaml) or --resume MODEL") }
            guard corpora.trainSource != nil, corpora.devSource != nil else {
                throw ValidationError("a new run needs --src-train, --tgt-train, --src-dev and --tgt-dev")
            }
            guard let output else { throw ValidationError("a new run needs --output MODEL.tern") }
            // Under mpirun only rank 0 creates the file, perhaps before the other ranks get here.
            if MPILaunch.isFirstOrOnlyProcess && FileManager.default.fileExists(atPath: output) {
                throw ValidationError("\(output) already exists; continue it with --resume \(output), or choose another --output")
            }
        } else if output != nil && output != resume {
            throw ValidationError("--resume continues the run in its own file; drop --output")
        } else if config != nil {
            throw ValidationError("--resume continues the run with its stored config; drop --config (change budgets with --set)")
        }
    }

    func execute() throws {
        if let launch = try MPILaunch.detect(), launch.size != 1 { return try executeOnRanks(launch) }
        let observers = TrainingRun.standardObservers(write: StandardError.line)
        let run: TrainingRun
        if let resume {
            run = try TrainingRun.resume(path: resume, overrides: overrides, corpora: moveCorpora, observers: observers,
                                         log: StandardError.line)
        } else {
            let paths = TrainingPaths(trainSource: corpora.trainSource!, trainTarget: corpora.trainTarget!,
                                      devSource: corpora.devSource!, devTarget: corpora.devTarget!, output: output!)
            run = try TrainingRun.start(config: try configFile(), paths: paths,
                                        observers: observers, log: StandardError.line)
        }
        let summary = try run.run()
        var line = "stopped after \(summary.steps) steps (epoch \(summary.epochs)) by \(summary.stoppedBy)"
        if let v = summary.lastValidation { line += String(format: "; dev BLEU %.2f, chrF %.2f", v.bleu, v.chrF) }
        StandardError.line(line + "; model: \(run.paths.output)")
        if summary.stoppedBy == .interrupted { throw ExitCode(ExitStatus.interrupted.rawValue) }
    }

    /// A resumed run reads its corpora where the model file recorded them, unless the command line moves them.
    func moveCorpora(_ paths: inout TrainingPaths) {
        if let path = corpora.trainSource { paths.trainSource = path }
        if let path = corpora.trainTarget { paths.trainTarget = path }
        if let path = corpora.devSource { paths.devSource = path }
        if let path = corpora.devTarget { paths.devTarget = path }
    }
}
