import ArgumentParser
import Foundation
import TernBench
import TernMPI
import TernTensor
import TernTrain

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

    @Option(help: "Of the matrix products: auto (what `tern train` would pick on this CPU), fp32 or bf16.")
    var precision = "auto"
    @Flag(name: .customLong("compare-torch"), help: "Also run ../shared/reference/torch_train.py (PyTorch) in fp32 and with --precision bf16 in this run, and print Tern against the faster.")
    var compareTorch = false
    @Flag(help: "Time every op (forward, backward) and every GEMM by shape, and print where the time went.")
    var profile = false
    @Flag(help: "Also time steps that take per-layer statistics, alternating with plain ones, and print their cost.")
    var stats = false
    @Option(help: ArgumentHelp("Also run N ranks × 1 thread under mpirun at the same global batch (batch / N sentences each) and compare.",
                               valueName: "N"))
    var ranks: Int?

    func validate() throws {
        guard PrecisionSetting(rawValue: precision) != nil else {
            throw ValidationError("--precision must be \(PrecisionSetting.accepted), got '\(precision)'")
        }
        if let ranks {
            guard ranks >= 2 else { throw ValidationError("--ranks must be at least 2, got \(ranks)") }
            guard batch % ranks == 0 else { throw ValidationError("--batch \(batch) must be a multiple of --ranks \(ranks)") }
        }
    }

    func run() throws {
        // Started by mpirun (by --ranks, or by hand): one rank of the data-parallel benchmark.
        if let launch = try MPILaunch.detect(), launch.size != 1 {
            if let line = try DataParallelBenchmark.runRank(benchmark(threads: threads), log: { FileHandle.standardError.write(($0 + "\n").data(using: .utf8)!) }) {
                print(line)
            }
            return
        }
        let machine = peak ? MachineInfo.measure(threads: threads) : nil
        if let machine { print(machine.report) }
        // Resolved as `tern train` resolves its `precision` key.
        let setting = PrecisionSetting(rawValue: precision)!
        let (chosen, reason) = setting == .auto ? PrecisionProbe.trainingChoice : (setting.matmulPrecision, "set")
        print("Tern precision: \(chosen.rawValue) (\(setting == .auto ? "auto: " : "")\(reason))")
        var benchmark = benchmark(threads: threads)
        benchmark.precision = chosen
        let result = try benchmark.run {
            FileHandle.standardError.write(($0 + "\n").data(using: .utf8)!)
        }
        if profile {
            let gemm = GemmProfile.totalSeconds, ops = OpProfile.totalSeconds
            print(String(format: "profile of %d timed steps, %.3f s: GEMM %.3f s (%.1f %%), the rest of the ops and the update %.3f s (%.1f %%), unaccounted %.3f s",
                         steps, result.timedSeconds, gemm, gemm / result.timedSeconds * 100, ops - gemm,
                         (ops - gemm) / result.timedSeconds * 100, result.timedSeconds - ops))
            print("by op (GEMM included in linear and matmul):")
            for line in OpProfile.report(total: result.timedSeconds).prefix(30) { print("  " + line) }
            print("by GEMM shape:")
            for line in GemmProfile.report.prefix(25) { print("  " + line) }
        }
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
            // Both of PyTorch's modes, one after the other in this run: bf16 autocast is faster on some CPUs (Zen 5)
            // and slower on others (this Zen 3, the Xeon of issue 20), so Tern is held against whichever wins here.
            var faster: (precision: String, tokens: Double)?
            for torchPrecision in ["fp32", "bf16"] {
                guard let torch = ReferenceScript.run(script: "torch_train.py", arguments: arguments + ["--precision", torchPrecision],
                                                      prefix: "torch_train"),
                      let tokens = torch["tgt_tok_s"] as? Double, let rss = torch["peak_rss_mib"] as? Double else {
                    print("PyTorch reference (\(torchPrecision)) not available (needs python3 with torch and ../shared/reference/torch_train.py)")
                    continue
                }
                print(String(format: "PyTorch %@ %@ in the same run: %.0f target tokens/s, peak RSS %.2f GB → Tern/PyTorch throughput %.2f×, memory %.2f×",
                             torch["torch"] as? String ?? "?", torchPrecision, tokens, rss * 1048576 / 1e9, result.targetTokensPerSecond / tokens,
                             Double(result.peakResidentBytes) / (rss * 1048576)))
                if tokens > faster?.tokens ?? 0 { faster = (torchPrecision, tokens) }
            }
            if let faster {
                print(String(format: "Tern %@ against PyTorch's faster mode (%@): %.2f×", chosen.rawValue, faster.precision,
                             result.targetTokensPerSecond / faster.tokens))
            }
        }
        print(String(format: "%@ (%@, %.2f M parameters): %.0f target tokens/s, median step %.3f s, %.1f GFLOP/s (6·params·tokens)%@, peak RSS %.2f GB (live tensors %.2f GB), loss %.3f",
                     config, result.family, Double(result.parameters) / 1e6, result.targetTokensPerSecond, result.medianStep,
                     result.gflops, machine.map { String(format: " = %.1f %% of peak", result.gflops / $0.peak * 100) } ?? "",
                     Double(result.peakResidentBytes) / 1e9, Double(result.peakTensorBytes) / 1e9, result.finalLoss))
        if let ranks { try compareRanks(ranks, with: result) }
    }

    func benchmark(threads: Int) -> TrainBenchmark {
        var benchmark = TrainBenchmark(configPath: config, steps: steps, warmup: warmup, threads: threads)
        benchmark.profile = profile
        benchmark.statistics = stats
        (benchmark.batch, benchmark.sourceLength, benchmark.targetLength) = (batch, sourceLength, targetLength)
        return benchmark
    }

    /// `mpirun -np ranks tern bench train --threads 1 --batch batch/ranks`, beside the one-process figure just taken.
    func compareRanks(_ ranks: Int, with alone: TrainBenchmark.Result) throws {
        let arguments = ["bench", "train", "--config", config, "--steps", "\(steps)", "--warmup", "\(warmup)", "--threads", "1",
                         "--batch", "\(batch / ranks)", "--source-length", "\(sourceLength)", "--target-length", "\(targetLength)"]
        let figures = try DataParallelBenchmark.spawn(ranks: ranks, arguments: arguments)
        print(String(format: "1 rank × %d threads, batch %d: %.0f target tokens/s (median step %.3f s)",
                     threads, batch, alone.targetTokensPerSecond, alone.medianStep))
        print(String(format: "%d ranks × 1 thread, batch %d × %d: %.0f target tokens/s (median step %.3f s) = %.2f× one process; "
                     + "communication %.1f %% of step time, all-reduce %.1f MB per update in %d calls",
                     figures.ranks, figures.ranks, figures.batchPerRank, figures.targetTokensPerSecond, figures.medianStep,
                     figures.targetTokensPerSecond / alone.targetTokensPerSecond, 100 * figures.communicationShare,
                     Double(figures.allReduceBytes) / 1e6, figures.allReduceCalls))
    }
}
