import ArgumentParser
import Foundation
import TernBench
import TernTensor

struct BenchTranslateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "translate",
        abstract: "Decoding throughput on ct2_decode.py's setting (500 sentences × 20–30 tokens, exactly 40 output tokens), greedy and beam 5."
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

    func validate() throws {
        guard ComputeType(rawValue: compute) != nil else {
            throw ValidationError("--compute must be one of \(ComputeType.allCases.map(\.rawValue).joined(separator: ", ")), not '\(compute)'")
        }
    }

    func run() throws {
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
}
