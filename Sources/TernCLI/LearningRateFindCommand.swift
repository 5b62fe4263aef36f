import ArgumentParser
import Foundation
import TernModels
import TernTensor
import TernPlots
import TernTrain
import TernViz

/// `tern lr-find`: the learning-rate range test, written to a directory; no model file is created or changed.
struct LearningRateFindCommand: TernCommand {
    static let configuration = CommandConfiguration(
        commandName: "lr-find",
        abstract: "Find a learning rate: train with the rate rising exponentially and watch the loss (fastai's range test).",
        discussion: """
        Builds the model of --config from its seed, learns the BPE on the training corpus, and trains --steps updates \
        with the rate going from --start to --end exponentially; stops when the smoothed loss exceeds 4× its best. \
        Prints the suggestions — valley (fastai's default), steepest, minimum/10 — and writes lr-find.png/.svg (loss \
        against lr, log axis, the valley marked) and lr-find.json into --output-dir. Nothing is written to any model \
        file. Set the result with --set learning_rate=… (and keep a warm-up).
        """
    )

    @Option(help: "Model and training config (YAML or JSON).")
    var config: String
    @OptionGroup var corpora: CorpusOptions
    @Option(name: .customLong("output-dir"), help: "Directory for the plot and the JSON (created if needed).")
    var outputDirectory: String
    @Option(help: "First learning rate.")
    var start: Float = 1e-7
    @Option(help: "Last learning rate.")
    var end: Float = 10
    @Option(help: "Updates (at most; the test stops early when the loss blows up).")
    var steps = 100
    @Option(help: "Image format: png, svg or both.")
    var format: ImageFormatChoice = .both
    @Option(name: .customLong("set"), help: "Override a config key, e.g. --set batch_tokens=2048 (repeatable).")
    var overrides: [String] = []

    func validate() throws {
        guard corpora.trainSource != nil else { throw ValidationError("give the training corpus with --src-train and --tgt-train") }
        guard start > 0, end > start else { throw ValidationError("need 0 < --start < --end, got \(start) and \(end)") }
        guard steps >= 10 else { throw ValidationError("--steps must be at least 10, got \(steps)") }
    }

    func execute() throws {
        let config = try ConfigFile(path: self.config, overrides: overrides)
        if config.training.threads > 0 { Kernels.setThreads(config.training.threads) }
        let paths = TrainingPaths(trainSource: corpora.trainSource!, trainTarget: corpora.trainTarget!, devSource: "", devTarget: "",
                                  output: "")
        let data = try TrainingData.prepare(paths: paths, settings: config.training, subwords: nil, log: StandardError.line)
        let model = try ModelFactory.make(config.model, sourceVocabularySize: data.subwords.source.vocabulary.count,
                                          targetVocabularySize: data.subwords.target.vocabulary.count, seed: config.training.seed)
        let finder = LearningRateFinder(start: start, end: end, steps: steps)
        let result = try finder.run(model: model, data: data, settings: config.training, log: StandardError.line)
        try write(result)
    }

    func write(_ result: LearningRateFinder.Result) throws {
        let directory = URL(fileURLWithPath: outputDirectory)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        print("\(result.rates.count) updates\(result.stoppedEarly ? " (stopped: the smoothed loss passed 4× its best)" : "")")
        for (name, rate) in [("valley", result.valleyRate), ("steepest", result.steepestRate), ("minimum/10", result.minimumOverTen)] {
            print("\(name.padding(toLength: 11, withPad: " ", startingAt: 0)) \(rate.map { String(format: "%.2e", $0) } ?? "—")")
        }
        let chart = try RangeTestChart.make(
            title: "learning-rate range test · \(URL(fileURLWithPath: config).lastPathComponent)",
            rates: result.rates.map(Double.init), losses: result.losses, smoothed: result.smoothed,
            suggestion: result.valley.map { (String(format: "valley: %.2e", result.rates[$0]), $0) })
        for format in format.formats {
            let url = directory.appendingPathComponent("lr-find").appendingPathExtension(format.fileExtension)
            try chart.write(to: url, format: format)
            StandardError.line("wrote \(url.path)")
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try encoder.encode(result).write(to: directory.appendingPathComponent("lr-find.json"))
    }
}
