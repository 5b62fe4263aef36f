import ArgumentParser
import Foundation
import TernBench

struct BenchEngineCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "engine",
        abstract: "FMA peak, GEMM GFLOP/s (Tensor API vs raw oneDNN and OpenBLAS), softmax and layer norm vs numpy."
    )

    @Option(help: "Threads for the kernels (default: all cores).")
    var threads: Int = ProcessInfo.processInfo.activeProcessorCount

    @Option(help: "Seconds of repetitions per measurement.")
    var budget: Double = 1.0

    func run() throws {
        EngineBenchmark(threads: threads, budget: budget).run { print($0) }
    }
}
