import ArgumentParser
import Foundation
import TernBench
import TernTensor

struct BenchTrainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train",
        abstract: "Training throughput on torch_train.py's setting (128 × 32 + 32 tokens, vocabulary 8000), one preset per process."
    )

    @Option(help: "Model preset.")
    var config = "models/transformer-small.yaml"
    @Option(help: "Timed steps (after the warm-up).")
    var steps = 10
    @Option(help: "Untimed warm-up steps.")
    var warmup = 2
    @Option(help: "Threads (default: all cores).")
    var threads = ProcessInfo.processInfo.activeProcessorCount
    @Flag(help: "Also measure the machine's FMA peak and print the model FLOP/s as a fraction of it.")
    var peak = false

    @Flag(help: "Time every GEMM by shape and print where the time went.")
    var profile = false

    func run() throws {
        let machine = peak ? MachineInfo.measure(threads: threads) : nil
        if let machine { print(machine.report) }
        var benchmark = TrainBenchmark(configPath: config, steps: steps, warmup: warmup, threads: threads)
        benchmark.profile = profile
        let result = try benchmark.run {
            FileHandle.standardError.write(($0 + "\n").data(using: .utf8)!)
        }
        if profile { for line in GemmProfile.report.prefix(25) { print(line) } }
        print(String(format: "%@ (%@, %.2f M parameters): %.0f target tokens/s, median step %.3f s, %.1f GFLOP/s (6·params·tokens)%@, peak RSS %.2f GB (live tensors %.2f GB), loss %.3f",
                     config, result.family, Double(result.parameters) / 1e6, result.targetTokensPerSecond, result.medianStep,
                     result.gflops, machine.map { String(format: " = %.1f %% of peak", result.gflops / $0.peak * 100) } ?? "",
                     Double(result.peakResidentBytes) / 1e9, Double(result.peakTensorBytes) / 1e9, result.finalLoss))
    }
}
