import ArgumentParser
import Foundation
import TernBench

/// `tern bench store`: see ``StoreBenchmark``.
struct BenchStoreCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "store",
        abstract: "Benchmark saving and loading a checkpoint in a model file.")

    @Option(help: "Megabytes of float32 tensors in the checkpoint.")
    var megabytes: Double = 50

    @Option(help: "Number of runs; the median is reported.")
    var runs: Int = 5

    @Option(help: "Directory for the temporary model file (default: the system temporary directory).")
    var directory: String?

    func validate() throws {
        guard megabytes > 0 else { throw ValidationError("--megabytes must be positive.") }
        guard runs >= 1 else { throw ValidationError("--runs must be at least 1.") }
    }

    func run() throws {
        try StoreBenchmark(megabytes: megabytes, runs: runs, directory: directory).run { print($0) }
    }
}
