import ArgumentParser
import Foundation
import TernEval

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

    @Option(name: .customLong("model"), help: ArgumentHelp("Not available yet: translate --src with a model first.", valueName: "file"))
    var modelPath: String?

    @Option(name: .customLong("src"), help: ArgumentHelp("Not available yet: source sentences for --model.", valueName: "file"))
    var sourcePath: String?

    func validate() throws {
        if modelPath != nil || sourcePath != nil {
            // Decoding is not part of Tern yet; refuse clearly rather than pretend to translate.
            throw ValidationError(
                "--model/--src (translate the source, then score) needs a model and the decoder, which Tern does not "
                    + "have yet. Translate the source separately and score the translations with --hyp FILE --ref FILE."
            )
        }
        guard hypothesisPath != nil else {
            throw ValidationError("Missing --hyp FILE: the translations to score.")
        }
        do {
            _ = try EvaluationMetric.parseList(metrics)
        } catch {
            throw ValidationError("--metrics: \(error)")
        }
    }

    func run() throws {
        guard let hypothesisPath else { throw ValidationError("Missing --hyp FILE: the translations to score.") }
        let report = try MetricsReport(
            hypothesisPath: hypothesisPath,
            referencePath: referencePath,
            metrics: try EvaluationMetric.parseList(metrics)
        )
        if json {
            print(try report.jsonString())
        } else {
            report.scoreLines.forEach { print($0) }
            let signatures = report.signatureLines.map { $0 + "\n" }.joined()
            FileHandle.standardError.write(Data(signatures.utf8))
        }
    }
}
