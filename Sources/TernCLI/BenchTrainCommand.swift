import ArgumentParser
import Foundation
import TernBench

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

    func run() throws {
        let machine = peak ? MachineInfo.measure(threads: threads) : nil
        if let machine { print(machine.report) }
        let result = try TrainBenchmark(configPath: config, steps: steps, warmup: warmup, threads: threads).run {
            FileHandle.standardError.write(($0 + "\n").data(using: .utf8)!)
        }
        print(String(format: "%@ (%@, %.2f M parameters): %.0f target tokens/s, median step %.3f s, %.1f GFLOP/s (6·params·tokens)%@, peak RSS %.2f GB, loss %.3f",
                     config, result.family, Double(result.parameters) / 1e6, result.targetTokensPerSecond, result.medianStep,
                     result.gflops, machine.map { String(format: " = %.1f %% of peak", result.gflops / $0.peak * 100) } ?? "",
                     Double(result.peakResidentBytes) / 1e9, result.finalLoss))
    }
}
