import ArgumentParser
import Foundation
import TernBench
import TernTensor

struct BenchTrainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train",
        abstract: "Training throughput on torch_train.py's setting (128 × 32 + 32 tokens, vocabulary 8000, unless changed), one preset per process."
    )

    @Option(help: "Model preset.")
    var config = "models/transformer-small.yaml"
    @Option(help: "Timed steps (after the warm-up).")
    var steps = 10
    @Option(help: "Untimed warm-up steps.")
    var warmup = 2
    @Option(help: "Threads (default: all cores).")
    var threads = ProcessInfo.processInfo.activeProcessorCount
    @Option(help: "Sentences per batch (torch_train.py's default: 128).")
    var batch = 128
    @Option(name: .customLong("source-length"), help: "Source tokens per sentence.")
    var sourceLength = 32
    @Option(name: .customLong("target-length"), help: "Target tokens per sentence.")
    var targetLength = 32
    @Flag(help: "Also measure the machine's FMA peak and print the model FLOP/s as a fraction of it.")
    var peak = false

    @Flag(name: .customLong("compare-torch"), help: "Also run ../shared/reference/torch_train.py (PyTorch) in this run and print the ratios.")
    var compareTorch = false
    @Flag(help: "Time every GEMM by shape and print where the time went.")
    var profile = false
    @Flag(help: "Also time steps that take per-layer statistics, alternating with plain ones, and print their cost.")
    var stats = false

    func run() throws {
        let machine = peak ? MachineInfo.measure(threads: threads) : nil
        if let machine { print(machine.report) }
        var benchmark = TrainBenchmark(configPath: config, steps: steps, warmup: warmup, threads: threads)
        benchmark.profile = profile
        benchmark.statistics = stats
        (benchmark.batch, benchmark.sourceLength, benchmark.targetLength) = (batch, sourceLength, targetLength)
        let result = try benchmark.run {
            FileHandle.standardError.write(($0 + "\n").data(using: .utf8)!)
        }
        if profile { for line in GemmProfile.report.prefix(25) { print(line) } }
        if let withStatistics = result.medianStatisticsStep {
            let extra = withStatistics - result.medianStep
            print(String(format: "per-layer statistics: median step %.3f s with, %.3f s without (same run, alternating) → +%.1f %% on a statistics step; at every step %.0f target tokens/s vs %.0f; at the default frequency (each validation, valid_every 1000) +%.3f %% of training time",
                         withStatistics, result.medianStep, extra / result.medianStep * 100,
                         Double(batch * targetLength) / withStatistics, result.targetTokensPerSecond, extra / result.medianStep / 1000 * 100))
        }
        if compareTorch {
            let model = result.family == "rnn" ? "rnn" : "transformer"
            let arguments = ["--model", model, "--threads", "\(threads)", "--steps", "\(steps)", "--warmup", "\(warmup)",
                             "--batch", "\(batch)", "--src-len", "\(sourceLength)", "--tgt-len", "\(targetLength)"]
            if let torch = ReferenceScript.run(script: "torch_train.py", arguments: arguments, prefix: "torch_train"),
               let tokens = torch["tgt_tok_s"] as? Double, let rss = torch["peak_rss_mib"] as? Double {
                print(String(format: "PyTorch %@ in the same run: %.0f target tokens/s, peak RSS %.2f GB → Tern/PyTorch throughput %.2f×, memory %.2f×",
                             torch["torch"] as? String ?? "?", tokens, rss * 1048576 / 1e9, result.targetTokensPerSecond / tokens,
                             Double(result.peakResidentBytes) / (rss * 1048576)))
            } else {
                print("PyTorch reference not available (needs python3 with torch and ../shared/reference/torch_train.py)")
            }
        }
        print(String(format: "%@ (%@, %.2f M parameters): %.0f target tokens/s, median step %.3f s, %.1f GFLOP/s (6·params·tokens)%@, peak RSS %.2f GB (live tensors %.2f GB), loss %.3f",
                     config, result.family, Double(result.parameters) / 1e6, result.targetTokensPerSecond, result.medianStep,
                     result.gflops, machine.map { String(format: " = %.1f %% of peak", result.gflops / $0.peak * 100) } ?? "",
                     Double(result.peakResidentBytes) / 1e9, Double(result.peakTensorBytes) / 1e9, result.finalLoss))
    }
}
