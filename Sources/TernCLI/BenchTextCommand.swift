import ArgumentParser
import Foundation
import TernBench

/// `tern bench text`: see ``TextBenchmark``.
struct BenchTextCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "text",
        abstract: "Benchmark BPE learning and encoding on the Bible corpus (use a release build)."
    )

    @Option(help: "Directory with train.en, train.es, dev.en and dev.es.")
    var corpus = "corpora/bible-en-es"

    @Option(help: "Number of BPE merges to learn (joint vocabulary).")
    var merges = 8000

    @Flag(name: .customLong("skip-subword-nmt"), help: "Do not run subword-nmt even if it is installed.")
    var skipSubwordNMT = false

    func run() throws {
        try TextBenchmark(corpus: corpus, merges: merges, skipSubwordNMT: skipSubwordNMT).run { print($0) }
    }
}
