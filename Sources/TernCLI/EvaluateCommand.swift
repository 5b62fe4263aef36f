import ArgumentParser
import Foundation
import TernEval
import TernInference
import TernText

/// `tern evaluate`: sacreBLEU-compatible BLEU, chrF and TER of a translation file against a reference file, and with
/// `--details` an error analysis (``TranslationDetails``).
///
/// Text output matches sacreBLEU's lines on standard output (`BLEU = …`, `chrF2 = …`, `TER = …`), with each metric's
/// signature on standard error so that the score lines can be piped or grepped alone; the details follow the score
/// lines. `--json` prints one JSON document on standard output instead (unrounded scores, sacreBLEU's field names,
/// lines and signatures, and a `details` object).
struct EvaluateCommand: TernCommand {
    static let configuration = CommandConfiguration(
        commandName: "evaluate",
        abstract: "Score translations against references with BLEU, chrF and TER, as sacreBLEU 2.6.0 computes them.",
        discussion: """
            Each file holds one segment per line, UTF-8, and all must have the same number of lines. \
            Score lines go to standard output and signatures to standard error; --json writes one JSON \
            document to standard output instead. With --model and --src, the source is translated first, \
            with the same search options as `tern translate`. TER is sacreBLEU's default TER, which \
            ignores case. --details adds an error analysis: BLEU and chrF by source length (needs the \
            source: --src, also accepted with --hyp), the worst sentences by chrF, the words most often \
            missed and inserted, copies of the source, the <unk> rate, the length ratio and repetitions.
            """
    )

    @Option(name: .customLong("hyp"), help: ArgumentHelp("Translations to score, one per line.", valueName: "file"))
    var hypothesisPath: String?
    @Option(name: .customLong("ref"), help: ArgumentHelp("Reference translations, one per line.", valueName: "file"))
    var referencePath: String
    @Option(help: ArgumentHelp("Comma-separated metrics: bleu, chrf, ter.", valueName: "list"))
    var metrics: String = "bleu,chrf"
    @Flag(help: "Print a JSON document for machines instead of sacreBLEU's text lines.")
    var json = false
    @Flag(help: "Add an error analysis: scores by source length, worst sentences, missed and inserted words, copies, <unk>, length ratio, repetitions.")
    var details = false
    @Option(help: ArgumentHelp("With --details: how many of the worst sentences to show (default 10).", valueName: "n"))
    var worst: Int?
    @OptionGroup var model: ModelOptions
    @Option(name: .customLong("src"), help: ArgumentHelp(
        "Source sentences: translated with --model; with --hyp and --details, used for length buckets and copies.",
        valueName: "file"))
    var sourcePath: String?
    @OptionGroup var search: SearchOptions
    @OptionGroup var batch: BatchOptions
    @OptionGroup var threads: ThreadOptions
    @Option(help: ArgumentHelp("With --model: also write the translations to this file.", valueName: "file"))
    var output: String?

    func validate() throws {
        if model.model != nil && hypothesisPath != nil {
            throw ValidationError("give either --hyp FILE (score translations) or --model M --src S (translate, then score), not both")
        }
        if model.model != nil && sourcePath == nil {
            throw ValidationError("--model and --src go together: the model translates the source, then Tern scores it")
        }
        if sourcePath != nil && model.model == nil && !(hypothesisPath != nil && details) {
            throw ValidationError("--src goes with --model (translate it) or with --hyp and --details (bucket by its length)")
        }
        if let worst {
            guard details else { throw ValidationError("--worst goes with --details") }
            guard worst >= 0 else { throw ValidationError("--worst must be 0 or more, got \(worst)") }
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
        if hypothesisPath == nil { DecodingWaitPolicy.apply() }
        let chosen = try EvaluationMetric.parseList(metrics)
        let (sources, hypotheses, references) = try hypothesisPath.map(readSegments) ?? translateSource()
        let report = try MetricsReport(hypotheses: hypotheses, references: references, metrics: chosen)
        let analysis = details
            ? try TranslationDetails(hypotheses: hypotheses, references: references, sources: sources, worstCount: worst ?? 10)
            : nil
        if json {
            print(try report.jsonString(details: analysis))
        } else {
            report.scoreLines.forEach { print($0) }
            analysis?.formattedLines.forEach { print($0) }
            StandardError.line(report.signatureLines.joined(separator: "\n"))
        }
    }

    /// Reads `--hyp`, `--ref` and, if given, `--src`, checked to align.
    func readSegments(hypothesisPath: String) throws -> (sources: [String]?, hypotheses: [String], references: [String]) {
        let hypotheses = try CorpusFile.readLines(atPath: hypothesisPath)
        let references = try CorpusFile.readLines(atPath: referencePath)
        guard hypotheses.count == references.count else {
            throw EvaluationError.fileLineCountMismatch(
                hypothesisPath: hypothesisPath, hypothesisCount: hypotheses.count,
                referencePath: referencePath, referenceCount: references.count)
        }
        let sources = try sourcePath.map { try readSources(atPath: $0, referenceCount: references.count) }
        return (sources, hypotheses, references)
    }

    func readSources(atPath path: String, referenceCount: Int) throws -> [String] {
        let sources = try CorpusFile.readLines(atPath: path)
        guard sources.count == referenceCount else {
            throw EvaluationError.sourceFileLineCountMismatch(
                sourcePath: path, sourceCount: sources.count, referencePath: referencePath, referenceCount: referenceCount)
        }
        return sources
    }

    /// Translates `--src` with `--model`; returns the sources, the translations and the references, checked to align.
    func translateSource() throws -> (sources: [String]?, hypotheses: [String], references: [String]) {
        let references = try CorpusFile.readLines(atPath: referencePath)
        let sources = try readSources(atPath: sourcePath!, referenceCount: references.count)
        threads.apply()
        let bundle = try model.load()
        try search.prepare(bundle)
        let translator = Translator(bundle: bundle, settings: search.settings(), batchSize: batch.batchSize)
        let hypotheses = translator.translate(sources).map { $0.texts[0] }
        if let output {
            do {
                try hypotheses.map { $0 + "\n" }.joined().write(toFile: output, atomically: true, encoding: .utf8)
            } catch {
                throw TextError.unwritableFile(path: output, reason: error.localizedDescription)
            }
        }
        return (sources, hypotheses, references)
    }
}
