import ArgumentParser
import Foundation
import TernDecode
import TernEval
import TernTrain

/// `tern evaluate`: sacreBLEU-compatible BLEU and chrF of a translation file against a reference file.
///
/// Text output matches sacreBLEU's lines on standard output (`BLEU = …`, `chrF2 = …`), with each metric's
/// signature on standard error so that the score lines can be piped or grepped alone. `--json` prints one JSON
/// document on standard output instead (unrounded scores, sacreBLEU's field names, lines and signatures).
struct EvaluateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "evaluate",
        abstract: "Score translations against references with BLEU and chrF, as sacreBLEU 2.6.0 computes them.",
        discussion: """
            Each file holds one segment per line, UTF-8, and both must have the same number of lines. \
            Score lines go to standard output and signatures to standard error; --json writes one JSON \
            document to standard output instead.
            """
    )

    @Option(name: .customLong("hyp"), help: ArgumentHelp("Translations to score, one per line.", valueName: "file"))
    var hypothesisPath: String?

    @Option(name: .customLong("ref"), help: ArgumentHelp("Reference translations, one per line.", valueName: "file"))
    var referencePath: String

    @Option(help: ArgumentHelp("Comma-separated metrics: bleu, chrf.", valueName: "list"))
    var metrics: String = "bleu,chrf"

    @Flag(help: "Print a JSON document for machines instead of sacreBLEU's text lines.")
    var json = false

    @Option(name: .customLong("model"), help: ArgumentHelp("Translate --src with this model file, then score.", valueName: "file"))
    var modelPath: String?

    @Option(name: .customLong("src"), help: ArgumentHelp("Source sentences to translate with --model.", valueName: "file"))
    var sourcePath: String?

    @Option(help: "With --model: beam size (1 = greedy).")
    var beam = 5

    @Option(name: .customLong("length-penalty"), help: "With --model: GNMT length penalty α.")
    var lengthPenalty: Float = 0.6

    @Option(help: "With --model: which weights (best, last or a step).")
    var checkpoint = "best"

    @Option(help: ArgumentHelp("With --model: also write the translations to this file.", valueName: "file"))
    var output: String?

    func validate() throws {
        if (modelPath == nil) != (sourcePath == nil) {
            throw ValidationError("--model and --src go together: the model translates the source, then Tern scores it")
        }
        if modelPath != nil && hypothesisPath != nil {
            throw ValidationError("give either --hyp FILE (score translations) or --model M --src S (translate, then score), not both")
        }
        guard hypothesisPath != nil || modelPath != nil else {
            throw ValidationError("Missing --hyp FILE: the translations to score (or --model M --src S to translate first).")
        }
        do {
            _ = try EvaluationMetric.parseList(metrics)
        } catch {
            throw ValidationError("--metrics: \(error)")
        }
    }

    func run() throws {
        let report: MetricsReport
        if let modelPath, let sourcePath {
            do {
                let sources = try CorpusFile.readLines(atPath: sourcePath)
                let references = try CorpusFile.readLines(atPath: referencePath)
                guard sources.count == references.count else {
                    throw EvaluationError.fileLineCountMismatch(hypothesisPath: sourcePath, hypothesisCount: sources.count,
                                                                referencePath: referencePath, referenceCount: references.count)
                }
                let bundle = try ModelBundle.load(path: modelPath, checkpoint: try .init(checkpoint))
                let translator = Translator(bundle: bundle, settings: SearchSettings(beamSize: beam, lengthPenalty: lengthPenalty), batchSize: 32)
                let hypotheses = translator.translate(sources).map { $0.texts[0] }
                if let output { try (hypotheses.map { $0 + "\n" }.joined()).write(toFile: output, atomically: true, encoding: .utf8) }
                report = try MetricsReport(hypotheses: hypotheses, references: references, metrics: try EvaluationMetric.parseList(metrics))
            } catch let error as CustomStringConvertible & Error {
                FileHandle.standardError.write(Data("error: \(error.description)\n".utf8))
                throw ExitCode.failure
            }
        } else {
            guard let hypothesisPath else { throw ValidationError("Missing --hyp FILE: the translations to score.") }
            report = try MetricsReport(
                hypothesisPath: hypothesisPath,
                referencePath: referencePath,
                metrics: try EvaluationMetric.parseList(metrics)
            )
        }
        if json {
            print(try report.jsonString())
        } else {
            report.scoreLines.forEach { print($0) }
            let signatures = report.signatureLines.map { $0 + "\n" }.joined()
            FileHandle.standardError.write(Data(signatures.utf8))
        }
    }
}
