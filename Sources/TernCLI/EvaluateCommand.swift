import ArgumentParser
import Foundation
import TernEval
import TernInference
import TernText

/// `tern evaluate`: sacreBLEU-compatible BLEU and chrF of a translation file against a reference file.
///
/// Text output matches sacreBLEU's lines on standard output (`BLEU = …`, `chrF2 = …`), with each metric's
/// signature on standard error so that the score lines can be piped or grepped alone. `--json` prints one JSON
/// document on standard output instead (unrounded scores, sacreBLEU's field names, lines and signatures).
struct EvaluateCommand: TernCommand {
    static let configuration = CommandConfiguration(
        commandName: "evaluate",
        abstract: "Score translations against references with BLEU and chrF, as sacreBLEU 2.6.0 computes them.",
        discussion: """
            Each file holds one segment per line, UTF-8, and both must have the same number of lines. \
            Score lines go to standard output and signatures to standard error; --json writes one JSON \
            document to standard output instead. With --model and --src, the source is translated first, \
            with the same search options as `tern translate`.
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
    @OptionGroup var model: ModelOptions
    @Option(name: .customLong("src"), help: ArgumentHelp("Source sentences to translate with --model.", valueName: "file"))
    var sourcePath: String?
    @OptionGroup var search: SearchOptions
    @OptionGroup var batch: BatchOptions
    @OptionGroup var threads: ThreadOptions
    @Option(help: ArgumentHelp("With --model: also write the translations to this file.", valueName: "file"))
    var output: String?

    func validate() throws {
        if (model.model == nil) != (sourcePath == nil) {
            throw ValidationError("--model and --src go together: the model translates the source, then Tern scores it")
        }
        if model.model != nil && hypothesisPath != nil {
            throw ValidationError("give either --hyp FILE (score translations) or --model M --src S (translate, then score), not both")
        }
        guard hypothesisPath != nil || model.model != nil else {
            throw ValidationError("Missing --hyp FILE: the translations to score (or --model M --src S to translate first).")
        }
        do {
            _ = try EvaluationMetric.parseList(metrics)
        } catch {
            throw ValidationError("--metrics: \(error)")
        }
    }

    func execute() throws {
        let chosen = try EvaluationMetric.parseList(metrics)
        let report: MetricsReport
        if let hypothesisPath {
            report = try MetricsReport(hypothesisPath: hypothesisPath, referencePath: referencePath, metrics: chosen)
        } else {
            let (hypotheses, references) = try translateSource()
            report = try MetricsReport(hypotheses: hypotheses, references: references, metrics: chosen)
        }
        if json {
            print(try report.jsonString())
        } else {
            report.scoreLines.forEach { print($0) }
            StandardError.line(report.signatureLines.joined(separator: "\n"))
        }
    }

    /// Translates `--src` with `--model`; returns the translations and the references, checked to align.
    func translateSource() throws -> (hypotheses: [String], references: [String]) {
        let sourcePath = sourcePath!
        let sources = try CorpusFile.readLines(atPath: sourcePath)
        let references = try CorpusFile.readLines(atPath: referencePath)
        guard sources.count == references.count else {
            throw EvaluationError.fileLineCountMismatch(hypothesisPath: sourcePath, hypothesisCount: sources.count,
                                                        referencePath: referencePath, referenceCount: references.count)
        }
        threads.apply()
        let translator = Translator(bundle: try model.load(), settings: search.settings(), batchSize: batch.batchSize)
        let hypotheses = translator.translate(sources).map { $0.texts[0] }
        if let output {
            do {
                try hypotheses.map { $0 + "\n" }.joined().write(toFile: output, atomically: true, encoding: .utf8)
            } catch {
                throw TextError.unwritableFile(path: output, reason: error.localizedDescription)
            }
        }
        return (hypotheses, references)
    }
}
