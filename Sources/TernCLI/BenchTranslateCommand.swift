import ArgumentParser
import Foundation
import TernBench

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
    @Flag(name: .customLong("compare-ct2"), help: "Also run ../shared/reference/ct2_decode.py (CTranslate2 float32) in this run and print the ratios.")
    var compareCT2 = false

    func run() throws {
        let beamSizes = beams.split(separator: ",").compactMap { Int($0) }
        let results = try TranslateBenchmark(configPath: config, threads: threads, beams: beamSizes, repeats: repeats).run()
        var reference: [Int: Double] = [:]
        if compareCT2 {
            // ct2_decode.py prints one JSON line per (compute type, beam); keep float32.
            for object in ReferenceScript.runAll(script: "ct2_decode.py", arguments: ["--threads", "\(threads)", "--compute", "float32",
                                                                                "--beams", beams, "--repeats", "\(repeats)"], prefix: "ct2_decode") {
                if let beam = object["beam"] as? Int, let rate = object["sent_s"] as? Double { reference[beam] = rate }
            }
            if reference.isEmpty { print("CTranslate2 reference not available (needs python3 with ctranslate2, torch and ../shared/reference/ct2_decode.py)") }
        }
        for result in results {
            var line = String(format: "beam %d: %.1f sentences/s, %.0f output tokens/s", result.beam, result.sentencesPerSecond, result.outputTokensPerSecond)
            if let ct2 = reference[result.beam] {
                line += String(format: " · CTranslate2 float32 in the same run: %.1f sentences/s → Tern/CT2 %.2f×", ct2, result.sentencesPerSecond / ct2)
            }
            print(line)
        }
    }
}
