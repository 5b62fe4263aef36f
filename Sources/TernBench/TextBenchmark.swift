import Foundation
import TernText

/// `tern bench text`: BPE learning and encoding speed on the shipped Bible corpus, against subword-nmt if present.
///
/// Meant for a release build. Learning time covers reading both files, normalizing, counting words and learning,
/// which is what `subword-nmt learn-bpe` does on the concatenated file it is compared with.
public struct TextBenchmark {
    /// Directory with train.en, train.es, dev.en and dev.es.
    public var corpus: String
    public var merges: Int
    public var skipSubwordNMT: Bool

    public init(corpus: String, merges: Int, skipSubwordNMT: Bool) {
        self.corpus = corpus
        self.merges = merges
        self.skipSubwordNMT = skipSubwordNMT
    }

    public func run(print: (String) -> Void) throws {
        let sourcePath = corpus + "/train.en", targetPath = corpus + "/train.es"
        let config = SubwordConfig(merges: merges, minFrequency: 2, joint: true)

        let start = Date()
        let train = try ParallelCorpus(sourcePath: sourcePath, targetPath: targetPath)
        var counts = WordCounts(lines: train.sourceLines, normalizer: config.normalizer)
        counts.add(WordCounts(lines: train.targetLines, normalizer: config.normalizer))
        let counted = Date()
        let model = config.learner.learn(from: counts)
        let learned = Date()
        let vocabulary = Vocabulary(model: model, wordCounts: counts)
        let vocabularyBuilt = Date()

        let learnSeconds = learned.timeIntervalSince(start)
        print("corpus: \(train.count) pairs, \(counts.totalWords) words, \(counts.distinctWords) word types")
        print(String(format: "learn %d merges: %.3f s (read+normalize+count %.3f s, merges %.3f s); vocabulary %d entries built in %.3f s",
                     model.count, learnSeconds, counted.timeIntervalSince(start), learned.timeIntervalSince(counted),
                     vocabulary.count, vocabularyBuilt.timeIntervalSince(learned)))

        let tokenizer = SubwordTokenizer(model: model, vocabulary: vocabulary, normalizer: config.normalizer)
        let allLines = train.sourceLines + train.targetLines
        let words = allLines.reduce(0) { $0 + ParallelCorpus.wordCount($1) }
        for pass in ["cold cache", "warm cache"] {
            let encodeStart = Date()
            var tokens = 0
            for line in allLines {
                tokens += tokenizer.encode(line).count
            }
            let seconds = Date().timeIntervalSince(encodeStart)
            print(String(format: "encode train (%@, one core): %d words → %d tokens in %.3f s = %.2f M tokens/s",
                         pass, words, tokens, seconds, Double(tokens) / seconds / 1e6))
        }

        let dev = try ParallelCorpus(sourcePath: corpus + "/dev.en", targetPath: corpus + "/dev.es")
        for (name, lines) in [("dev.en", dev.sourceLines), ("dev.es", dev.targetLines)] {
            let statistics = SegmentationStatistics(lines: lines, tokenizer: tokenizer)
            print(String(format: "%@: %.3f tokens/word, <unk> rate %.4f%% (%d of %d tokens)", name,
                         statistics.tokensPerWord, 100 * statistics.unknownRate, statistics.unknownTokens, statistics.tokens))
        }

        if skipSubwordNMT { return }
        guard let subwordNMT = executableOnPath("subword-nmt") else {
            print("subword-nmt: not on PATH, no comparison (pip install subword-nmt)")
            return
        }
        let joined = FileManager.default.temporaryDirectory.appendingPathComponent("tern-bench-text-\(ProcessInfo.processInfo.processIdentifier).txt")
        defer { try? FileManager.default.removeItem(at: joined) }
        try ((train.sourceLines + train.targetLines).joined(separator: "\n") + "\n").write(to: joined, atomically: true, encoding: .utf8)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: subwordNMT)
        process.arguments = ["learn-bpe", "-s", String(merges)]
        process.standardInput = try FileHandle(forReadingFrom: joined)
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        let referenceStart = Date()
        try process.run()
        process.waitUntilExit()
        let referenceSeconds = Date().timeIntervalSince(referenceStart)
        guard process.terminationStatus == 0 else {
            print("subword-nmt learn-bpe failed with status \(process.terminationStatus)")
            return
        }
        print(String(format: "subword-nmt learn-bpe -s %d: %.3f s; tern is %.1f× faster", merges, referenceSeconds, referenceSeconds / learnSeconds))
    }

    private func executableOnPath(_ name: String) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? ""
        for directory in path.split(separator: ":") {
            let candidate = "\(directory)/\(name)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }
}
