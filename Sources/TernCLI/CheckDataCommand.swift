import ArgumentParser
import Foundation
import TernData

/// `tern check-data SRC TGT`: a report of what is wrong with a parallel corpus before training on it (defects by
/// class, with counts and line numbers), optionally a copy without the flagged pairs. Defects are findings, not
/// errors: the command exits 0 whatever it finds; only a file it cannot read or write ends it early.
struct CheckDataCommand: TernCommand {
    static let configuration = CommandConfiguration(
        commandName: "check-data",
        abstract: "Check a parallel corpus for defects: line counts, UTF-8, empty sides, duplicates, copies, length ratios, over-long pairs, numbers, scripts, language, misaligned blocks."
    )

    @Argument(help: "Source file, one sentence per line.")
    var source: String
    @Argument(help: "Target file, aligned with the source.")
    var target: String

    @Option(help: ArgumentHelp("Also write the report to FILE: Markdown (.md) or HTML (.html).", valueName: "FILE"))
    var report: String?
    @Flag(help: "Print the report as JSON (every finding) instead of Markdown.")
    var json = false
    @Option(name: .customLong("write-clean"), help: ArgumentHelp("Write the pairs that pass to PREFIX.<ext> (the inputs' extensions, or .src/.tgt).", valueName: "PREFIX"))
    var writeClean: String?

    @Option(name: .customLong("max-ratio"), help: "Length-ratio outlier: longer side ≥ this many times the shorter's words (OpusFilter's LengthRatioFilter).")
    var maxRatio: Double = 3
    @Option(name: .customLong("max-length"), help: "Over-long: more words than this on a side (the trainer's max_length).")
    var maxLength = 100
    @Option(name: .customLong("min-run"), help: "Report this many consecutive content outliers or more as a likely misaligned block.")
    var minRun = 3
    @Option(name: .customLong("script-share"), help: "A side's scripts are those in at least this share of its lines.")
    var scriptShare = 0.1
    @Option(name: .customLong("profile-pairs"), help: "Pairs read first to learn the sides' scripts and marker words.")
    var profilePairs = 20_000
    @Option(help: "Findings shown per class in the Markdown and HTML report.")
    var examples = 10

    func validate() throws {
        if let report, !(report.hasSuffix(".md") || report.hasSuffix(".html")) {
            throw ValidationError("--report must end in .md or .html, got \(report)")
        }
        guard examples >= 0 else { throw ValidationError("--examples must not be negative, got \(examples)") }
    }

    var settings: DataCheckSettings {
        var settings = DataCheckSettings()
        settings.maxLengthRatio = maxRatio
        settings.maxLength = maxLength
        settings.minimumRun = minRun
        settings.scriptShare = scriptShare
        settings.profilePairs = profilePairs
        return settings
    }

    func execute() throws {
        var progress = ThroughputLine(unit: "pairs")
        let result = try DataChecker(settings: settings).check(sourcePath: source, targetPath: target) { pairs, read, total in
            progress.report(done: pairs, fraction: total > 0 ? Double(read) / Double(total) : 1)
        }
        progress.finish()
        print(json ? try result.json() : result.markdown(examples: examples), terminator: "")
        if let report {
            let text = report.hasSuffix(".html") ? result.html(examples: examples) : result.markdown(examples: examples)
            do {
                try text.write(toFile: report, atomically: true, encoding: .utf8)
            } catch {
                throw DataCheckError.unwritableFile(path: report, reason: error.localizedDescription)
            }
            StandardError.line("report written to \(report)")
        }
        if let writeClean {
            let written = try CleanPairWriter.write(result, prefix: writeClean)
            StandardError.line("wrote \(written.written) clean pairs to \(written.sourcePath) and \(written.targetPath); left out \(written.leftOut) flagged or unpaired lines")
        }
    }
}
