import ArgumentParser
import Foundation
import TernBaseline
import TernText

/// `tern baseline`: trains the shallow word-for-word baseline (IBM Model 1, see `WordBaseline`), translates with a
/// saved one, and scores it and the copy-the-source baseline on dev.
struct BaselineCommand: TernCommand {
    static let configuration = CommandConfiguration(
        commandName: "baseline",
        abstract: "Train and score the shallow baseline: IBM Model 1 word-for-word translation, beside copying the source.",
        discussion: """
            Training: --src-train F --tgt-train G --output B writes the table of each source word's most likely \
            translation (a tab-separated text file) and reports the time taken on standard error. With --src-dev \
            and --tgt-dev, the dev BLEU and chrF of copying the source and of the baseline follow on standard \
            output, one sacreBLEU line each, labelled 'copy:' and 'model1:'. \
            With --model B instead: --translate reads sentences on standard input and writes their word-for-word \
            translations; --src-dev/--tgt-dev score the saved table.
            """
    )

    @OptionGroup var corpora: CorpusOptions
    @Option(help: ArgumentHelp("Where to write the trained table.", valueName: "file"))
    var output: String?
    @Option(help: ArgumentHelp("EM iterations of IBM Model 1 (default 5).", valueName: "n"))
    var iterations: Int?
    @Flag(help: "Lowercase both sides before training (and input before translating).")
    var lowercase = false
    @Option(help: ArgumentHelp("A table written by `tern baseline --output`, to use instead of training.", valueName: "file"))
    var model: String?
    @Flag(help: "With --model: translate standard input line by line to standard output.")
    var translate = false

    func validate() throws {
        if let iterations, iterations < 1 { throw ValidationError("--iterations must be at least 1, got \(iterations)") }
        if model != nil {
            if corpora.trainSource != nil || output != nil || iterations != nil || lowercase {
                throw ValidationError("--model uses a trained table: leave out --src-train, --tgt-train, --output, --iterations and --lowercase")
            }
            if translate == (corpora.devSource != nil) {
                throw ValidationError("with --model, give either --translate (standard input) or --src-dev S --tgt-dev R (scores)")
            }
        } else {
            if translate { throw ValidationError("--translate needs --model B (a table written by `tern baseline --output`)") }
            guard corpora.trainSource != nil else {
                throw ValidationError("give the corpus to learn from with --src-train and --tgt-train (or --model B to use a saved table)")
            }
            guard output != nil else { throw ValidationError("Missing --output FILE: where to write the trained table.") }
        }
    }

    func execute() throws {
        // Dev files are read first, so that a missing one fails before any training time is spent.
        let dev = try corpora.devSource.map { try ParallelCorpus(sourcePath: $0, targetPath: corpora.devTarget!) }
        let baseline: WordBaseline
        if let model {
            baseline = try WordBaseline(contentsOf: URL(fileURLWithPath: model))
        } else {
            baseline = try train()
        }
        if translate {
            while let line = readLine() { print(baseline.translate(line)) }
        }
        if let dev {
            let scores = try BaselineScores(baseline: baseline, sources: dev.sourceLines, references: dev.targetLines)
            scores.lines.forEach { print($0) }
        }
    }

    /// Reads the training corpus, trains, writes `--output`, and reports the time on stderr.
    func train() throws -> WordBaseline {
        let start = Date()
        let corpus = try ParallelCorpus(sourcePath: corpora.trainSource!, targetPath: corpora.trainTarget!)
        let trainingStart = Date()
        let model = WordBaseline.model(sourceLines: corpus.sourceLines, targetLines: corpus.targetLines,
                                       iterations: iterations ?? 5, lowercase: lowercase)
        let baseline = WordBaseline(model: model, lowercase: lowercase)
        let trainingSeconds = Date().timeIntervalSince(trainingStart)
        try baseline.write(to: URL(fileURLWithPath: output!))
        StandardError.line(String(
            format: "trained IBM Model 1 (EM iterations: %d) on %d sentence pairs in %.2f s (%.2f s with reading and writing): "
                + "%d source words, %d target words, %d co-occurring pairs; wrote ",
            model.iterations, corpus.count, trainingSeconds, Date().timeIntervalSince(start),
            model.sourceVocabularySize, model.targetVocabularySize, model.parameterCount) + output!)
        return baseline
    }
}
