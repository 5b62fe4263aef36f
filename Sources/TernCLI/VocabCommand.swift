import ArgumentParser
import Foundation
import TernText

/// `tern vocab`: learns BPE merges and vocabularies from a training corpus alone, to inspect segmentation before
/// training (`tern train` learns its own and stores it in the model file).
///
/// The results are plain text files (see `PlainTextFormat`): `PREFIX.merges` and `PREFIX.vocab` for a joint
/// vocabulary, `PREFIX.src.*` and `PREFIX.tgt.*` for separate ones, and the settings in `PREFIX.subword.json`.
struct VocabCommand: TernCommand {
    static let configuration = CommandConfiguration(
        commandName: "vocab",
        abstract: "Learn BPE subword merges and vocabularies from a parallel training corpus."
    )

    @OptionGroup var corpora: CorpusOptions

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

    func validate() throws {
        if merges < 0 { throw ValidationError("--merges must not be negative") }
        guard corpora.trainSource != nil else { throw ValidationError("give the corpus to learn from with --src-train and --tgt-train") }
    }

    func execute() throws {
        let (trainSource, trainTarget) = (corpora.trainSource!, corpora.trainTarget!)
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
        if let devSource = corpora.devSource, let devTarget = corpora.devTarget {
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
