import ArgumentParser
import Foundation
import TernText

/// `tern vocab`: learns BPE merges and vocabularies from a training corpus.
///
/// Until the model store lands, the results are plain text files (see `PlainTextFormat`): `PREFIX.merges` and
/// `PREFIX.vocab` for a joint vocabulary, `PREFIX.src.*` and `PREFIX.tgt.*` for separate ones, and the settings in
/// `PREFIX.subword.json`. A later change stores them in the model file instead.
struct VocabCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "vocab",
        abstract: "Learn BPE subword merges and vocabularies from a parallel training corpus."
    )

    @Option(name: .customLong("train-src"), help: "Source side of the training corpus, one sentence per line.")
    var trainSource: String

    @Option(name: .customLong("train-tgt"), help: "Target side of the training corpus, aligned with --train-src.")
    var trainTarget: String

    @Option(help: "Maximum number of BPE merges (per side with --separate).")
    var merges: Int

    @Option(name: .customLong("min-frequency"), help: "Never merge a pair seen fewer times than this.")
    var minFrequency = 2

    @Option(name: .customLong("vocabulary-size"), help: "Stop learning once a vocabulary has this many entries.")
    var vocabularySize: Int?

    @Flag(help: "Learn separate source and target vocabularies instead of one joint vocabulary.")
    var separate = false

    @Flag(help: "Lowercase text during normalization.")
    var lowercase = false

    @Option(help: "Prefix of the output files.")
    var output: String

    @Option(name: .customLong("dev-src"), help: "Source side of a dev set to report segmentation statistics on.")
    var devSource: String?

    @Option(name: .customLong("dev-tgt"), help: "Target side of a dev set, aligned with --dev-src.")
    var devTarget: String?

    func validate() throws {
        if merges < 0 { throw ValidationError("--merges must not be negative") }
        if (devSource == nil) != (devTarget == nil) { throw ValidationError("--dev-src and --dev-tgt go together") }
    }

    func run() throws {
        let config = SubwordConfig(merges: merges, minFrequency: minFrequency, joint: !separate, lowercase: lowercase, vocabularySize: vocabularySize)
        let start = Date()
        let corpus = try ParallelCorpus(sourcePath: trainSource, targetPath: trainTarget)
        let models = SubwordModels.learn(config: config, sourceLines: corpus.sourceLines, targetLines: corpus.targetLines)
        let seconds = Date().timeIntervalSince(start)

        var written: [String] = []
        if config.joint {
            try write(models.source, prefix: output, written: &written)
        } else {
            try write(models.source, prefix: output + ".src", written: &written)
            try write(models.target, prefix: output + ".tgt", written: &written)
        }
        let configPath = output + ".subword.json"
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try encoder.encode(config).write(to: URL(fileURLWithPath: configPath))
        written.append(configPath)

        var report = "learned from \(corpus.count) sentence pairs in \(String(format: "%.2f", seconds)) s\n"
        if config.joint {
            report += "joint: \(models.source.model.count) merges, vocabulary \(models.source.vocabulary.count) entries\n"
        } else {
            report += "source: \(models.source.model.count) merges, vocabulary \(models.source.vocabulary.count) entries\n"
            report += "target: \(models.target.model.count) merges, vocabulary \(models.target.vocabulary.count) entries\n"
        }
        if let devSource, let devTarget {
            let dev = try ParallelCorpus(sourcePath: devSource, targetPath: devTarget)
            for (name, lines, tokenizer) in [("dev source", dev.sourceLines, models.source), ("dev target", dev.targetLines, models.target)] {
                let statistics = SegmentationStatistics(lines: lines, tokenizer: tokenizer)
                report += String(format: "%@: %.3f tokens/word, <unk> rate %.4f%%\n", name, statistics.tokensPerWord, 100 * statistics.unknownRate)
            }
        }
        report += "wrote " + written.joined(separator: ", ") + "\n"
        FileHandle.standardError.write(Data(report.utf8))
    }

    private func write(_ tokenizer: SubwordTokenizer, prefix: String, written: inout [String]) throws {
        try PlainTextFormat.write(tokenizer.model, toFile: prefix + ".merges")
        try PlainTextFormat.write(tokenizer.vocabulary, toFile: prefix + ".vocab")
        written += [prefix + ".merges", prefix + ".vocab"]
    }
}
