import ArgumentParser
import Foundation
import TernBench
import TernTensor

struct BenchTranslateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "translate",
        abstract: "Decoding throughput on ct2_decode.py's setting (500 sentences × 20–30 tokens, exactly 40 output tokens), greedy and beam 5, then latency.",
        discussion: """
        Decoding picks its OpenMP wait policy as `tern translate` does: OMP_WAIT_POLICY=\(DecodingWaitPolicy.waitPolicy) \
        when another task is runnable as it starts (and always with --busy), libgomp's default otherwise, unless \
        OMP_WAIT_POLICY or GOMP_SPINCOUNT is set; CTranslate2's child process gets the same \
        environment. --busy keeps one core busy with a spinning process for the whole run (CTranslate2's part included). \
        Latency: the time to load a model file and translate one sentence, and the p50/p95 time of one-sentence searches \
        (`tern translate --line-buffered`), beside CTranslate2's Translator and one-sentence translate_batch.
        """
    )

    @Option(help: "Model preset (random weights).")
    var config = "models/transformer-small.yaml"
    @Option(help: "Beam sizes, comma-separated.")
    var beams = "1,5"
    @Option(help: "Timed passes over the 500 sentences (median).")
    var repeats = 3
    @Option(help: "Threads (default: all cores).")
    var threads = ProcessInfo.processInfo.activeProcessorCount
    @Flag(name: .customLong("compare-ct2"), help: "Also run ../shared/reference/ct2_decode.py (CTranslate2 in the same compute type) in this run and print the ratios.")
    var compareCT2 = false
    @Option(help: "Inference arithmetic: float32 or int8 (int8 weights per output channel, activations per row); CTranslate2 runs the same.")
    var compute = "float32"
    @Flag(name: .customLong("without-greedy-path"), help: "Beam search without carrying the greedy path along (CTranslate2's search; see SearchSettings.keepsGreedyPath).")
    var withoutGreedyPath = false
    @Flag(help: "Print where decoding time goes: search phases and GEMM shapes, summed over the timed passes.")
    var profile = false
    @Flag(help: "Keep one core busy with a spinning process while measuring (as a training run would).")
    var busy = false
    @Option(name: .customLong("latency-sentences"), help: "One-sentence searches timed for the latency percentiles (0 = no latency part).")
    var latencySentences = 100
    @Flag(name: .customLong("skip-throughput"), help: "Measure latency only.")
    var skipThroughput = false

    func validate() throws {
        guard ComputeType(rawValue: compute) != nil else {
            throw ValidationError("--compute must be one of \(ComputeType.allCases.map(\.rawValue).joined(separator: ", ")), not '\(compute)'")
        }
    }

    func run() throws {
        DecodingWaitPolicy.apply(busy: busy || DecodingWaitPolicy.machineIsBusy())
        let busyCore = busy ? BusyCore() : nil
        try busyCore?.start()
        defer { busyCore?.stop() }
        print("OpenMP wait policy: \(DecodingWaitPolicy.description)\(busy ? "; one core kept busy by a spinning process" : "")")
        if !skipThroughput { try throughput() }
        if latencySentences > 0 { try latency() }
    }

    func throughput() throws {
        let beamSizes = beams.split(separator: ",").compactMap { Int($0) }
        var benchmark = TranslateBenchmark(configPath: config, threads: threads, beams: beamSizes, repeats: repeats)
        benchmark.profile = profile
        benchmark.compute = ComputeType(rawValue: compute)!
        benchmark.keepsGreedyPath = !withoutGreedyPath
        let results = try benchmark.run()
        var reference: [Int: Double] = [:]
        if compareCT2 {
            // ct2_decode.py prints one JSON line per (compute type, beam); one compute type is asked for.
            for object in ReferenceScript.runAll(script: "ct2_decode.py", arguments: ["--threads", "\(threads)", "--compute", compute,
                                                                                "--beams", beams, "--repeats", "\(repeats)"], prefix: "ct2_decode") {
                if let beam = object["beam"] as? Int, let rate = object["sent_s"] as? Double { reference[beam] = rate }
            }
            if reference.isEmpty { print("CTranslate2 reference not available (needs python3 with ctranslate2, torch and ../shared/reference/ct2_decode.py)") }
        }
        for result in results {
            var line = String(format: "beam %d: %.1f sentences/s, %.0f output tokens/s", result.beam, result.sentencesPerSecond, result.outputTokensPerSecond)
            if let ct2 = reference[result.beam] {
                line += String(format: " · CTranslate2 %@ in the same run: %.1f sentences/s → Tern/CT2 %.2f×", compute, ct2, result.sentencesPerSecond / ct2)
            }
            print(line)
            if profile {
                print(String(format: "  profile over %.2f s of timed passes:", result.seconds))
                for entry in result.profile { print("  " + entry) }
            }
        }
    }

    func latency() throws {
        Kernels.setThreads(threads)
        let beamSizes = beams.split(separator: ",").compactMap { Int($0) }
        var benchmark = LatencyBenchmark(configPath: config, beams: beamSizes)
        benchmark.compute = ComputeType(rawValue: compute)!
        benchmark.sentences = latencySentences
        let results = try benchmark.run()
        var reference: [String: Any]?
        if compareCT2, let folder = ReferenceScript.folder {
            reference = ReferenceScript.run(script: LatencyBenchmark.ct2Script, arguments: [folder, "--threads", "\(threads)", "--compute", compute,
                                                                                      "--beams", beams, "--sentences", "\(latencySentences)"],
                                            prefix: "ct2_latency", folder: LatencyBenchmark.scriptFolder)
            if reference == nil { print("CTranslate2 latency not available (needs python3 with ctranslate2 and torch)") }
        }
        var line = String(format: "load a model file and translate one sentence (beam %d): %.3f s", beamSizes[0], benchmark.loadAndFirstSentence)
        if let ct2 = reference?["load_and_first_s"] as? Double {
            line += String(format: " · CTranslate2 %.3f s → Tern/CT2 %.2f× the time", ct2, benchmark.loadAndFirstSentence / ct2)
        }
        print(line)
        let ct2Beams = reference?["beams"] as? [String: [String: Double]]
        for result in results {
            var line = String(format: "beam %d, one sentence at a time (%d sentences): p50 %.1f ms, p95 %.1f ms", result.beam, latencySentences,
                              result.p50 * 1000, result.p95 * 1000)
            if let ct2 = ct2Beams?[String(result.beam)], let p50 = ct2["p50_s"], let p95 = ct2["p95_s"] {
                line += String(format: " · CTranslate2 p50 %.1f ms, p95 %.1f ms → Tern/CT2 %.2f× / %.2f× the time", p50 * 1000, p95 * 1000,
                               result.p50 / p50, result.p95 / p95)
            }
            print(line)
        }
    }
}
