import Foundation
import XCTest
import TernTune

/// `tern tune` end to end through the built binary: a tiny study on the corpus slice, a study killed with SIGKILL
/// in mid-trial and resumed, and the exit codes of bad arguments and spaces.
final class TuneCommandTests: XCTestCase {
    var directory: URL!

    override func setUpWithError() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("tern-tune-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: directory) }

    func write(_ name: String, _ text: String) throws -> String {
        let path = directory.appendingPathComponent(name).path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    /// Excerpts of the slice (100 training pairs, 8 dev pairs) and a model small enough to train in milliseconds a step.
    func baseArguments(study: String, trials: Int, steps: Int, validEvery: Int) throws -> [String] {
        let slice = TernProcess.root.appendingPathComponent("corpora/bible-en-es-slice").path
        var corpus: [String] = []
        for (flag, name, lines) in [("--src-train", "train.en", 100), ("--tgt-train", "train.es", 100), ("--src-dev", "dev.en", 8), ("--tgt-dev", "dev.es", 8)] {
            let text = try String(contentsOfFile: "\(slice)/\(name)", encoding: .utf8)
            corpus += [flag, try write(name, text.split(separator: "\n").prefix(lines).joined(separator: "\n") + "\n")]
        }
        let config = try write("tiny.yaml", """
            family: transformer
            d_model: 16
            heads: 2
            d_ff: 32
            encoder_layers: 1
            decoder_layers: 1
            bpe_merges: 40
            batch_tokens: 200
            threads: 1
            samples: 0
            attention_plots: 0
            log_every: 1
            valid_every: \(validEvery)
            schedule: constant
            """)
        let space = try write("space.yaml", """
            learning_rate: {type: float, min: 1.0e-4, max: 3.0e-2, log: true}
            dropout: {type: float, min: 0.0, max: 0.3, step: 0.1}
            """)
        return ["tune", "--config", config, "--space", space, "--study", study] + corpus
            + ["--trials", String(trials), "--trial-steps", String(steps), "--objective", "dev_loss", "--initial", "2"]
    }

    func testTinyStudyRunsEveryTrialAndKeepsTheBestModel() throws {
        let study = directory.appendingPathComponent("tiny.study").path
        let result = try TernProcess.run(try baseArguments(study: study, trials: 3, steps: 4, validEvery: 2) + ["--pruning", "median"])
        XCTAssertEqual(result.status, 0, result.standardError)
        XCTAssertTrue(result.standardError.contains("trial 3 of 3"), result.standardError)
        let trials = try StudyFile.open(path: study).trials()
        XCTAssertEqual(trials.map(\.number), [1, 2, 3])
        XCTAssertEqual(trials.map(\.state), [.complete, .complete, .complete]) // median pruning waits for 5 finished trials
        for trial in trials {
            XCTAssertEqual(trial.curve.keys.sorted(), [2, 4], "validations at 2 and 4")
            XCTAssertEqual(trial.value, trial.curve[4], "the result is the last validation")
            XCTAssertNotNil(trial.assignment["learning_rate"].flatMap(Double.init))
            let dropout = try XCTUnwrap(trial.assignment["dropout"].flatMap(Double.init))
            XCTAssertEqual(dropout * 10, (dropout * 10).rounded(), accuracy: 1e-9)
        }
        let best = trials.min { $0.value! < $1.value! }!
        let model = directory.appendingPathComponent("tiny.best.tern").path
        XCTAssertTrue(FileManager.default.fileExists(atPath: model))
        for number in 1...3 { XCTAssertFalse(FileManager.default.fileExists(atPath: directory.appendingPathComponent("tiny.trial-\(number).tern").path)) }
        // The kept model is the best trial's: its last checkpoint's dev loss is the best trial's result.
        let info = try TernProcess.run(["info", model])
        XCTAssertEqual(info.status, 0, info.standardError)
        let lastCheckpoint = try XCTUnwrap(info.standardOutput.split(separator: "\n").last { $0.contains("valid_loss=") })
        XCTAssertTrue(lastCheckpoint.contains("valid_loss=\(String(format: "%.4g", best.value!))"), "\(lastCheckpoint) vs \(best)")
        XCTAssertEqual(Set(trials.map { String(format: "%.4g", $0.value!) }).count, 3, "three different learning rates, three results")

        let table = try TernProcess.run(["tune", "--results", study, "--plot-dir", directory.appendingPathComponent("plots").path])
        XCTAssertEqual(table.status, 0, table.standardError)
        let lines = table.standardOutput.split(separator: "\n").map(String.init)
        XCTAssertTrue(lines[0].contains("3 of 3 trials ended (3 complete)"), lines[0])
        XCTAssertTrue(lines[2].hasPrefix("\(best.number) "), "best first: \(lines[2])")
        let plots = try FileManager.default.contentsOfDirectory(atPath: directory.appendingPathComponent("plots").path).sorted()
        // The slice along the first key (EI beneath it in the same picture) and the pair chart, its keys in the
        // order of the GP's sensitivity, which the test does not fix.
        let pair = plots.contains("gp-learning_rate-dropout.png") ? "gp-learning_rate-dropout" : "gp-dropout-learning_rate"
        XCTAssertEqual(plots, ["\(pair).png", "\(pair).svg", "gp-learning_rate.png", "gp-learning_rate.svg",
                               "objective-by-trial.png", "objective-by-trial.svg"].sorted())
        let chosen = try TernProcess.run(["tune", "--results", study, "--plot-dir", directory.appendingPathComponent("chosen").path,
                                          "--key", "dropout", "--pair", "dropout,learning_rate"])
        XCTAssertEqual(chosen.status, 0, chosen.standardError)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: directory.appendingPathComponent("chosen").path).sorted(),
                       ["gp-dropout-learning_rate.png", "gp-dropout-learning_rate.svg", "gp-dropout.png", "gp-dropout.svg",
                        "objective-by-trial.png", "objective-by-trial.svg"])
        let same = try TernProcess.run(["tune", "--results", study, "--plot-dir", directory.appendingPathComponent("bad").path, "--pair", "dropout,dropout"])
        XCTAssertEqual(same.status, 65, same.standardError)
    }

    /// Median pruning in real runs: a trial whose best dev loss so far is above the median of the trials completed
    /// before it, at the same step, stops there; a trial never above it runs its whole budget.
    func testMedianPruningStopsTrialsAboveTheMedianOfEarlierOnes() throws {
        let study = directory.appendingPathComponent("pruned.study").path
        let result = try TernProcess.run(try baseArguments(study: study, trials: 4, steps: 6, validEvery: 2)
            + ["--strategy", "random", "--pruning", "median", "--pruning-startup", "1"])
        XCTAssertEqual(result.status, 0, result.standardError)
        let trials = try StudyFile.open(path: study).trials()
        XCTAssertEqual(trials.count, 4)
        func median(_ values: [Double]) -> Double {
            let sorted = values.sorted(), n = sorted.count
            return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2
        }
        for trial in trials {
            let earlier = trials.filter { $0.number < trial.number && $0.state == .complete }
            var prunedAt: Int?
            for step in trial.curve.keys.sorted() where !earlier.isEmpty {
                let best = trial.curve.filter { $0.key <= step }.values.min()!
                let others = earlier.compactMap { $0.curve[step] }
                if !others.isEmpty && best > median(others) { prunedAt = step; break }
            }
            if let prunedAt {
                XCTAssertEqual(trial.state, .pruned, "trial \(trial.number) was above the median at step \(prunedAt)")
                XCTAssertEqual(trial.curve.keys.max(), prunedAt, "and stopped there")
            } else {
                XCTAssertEqual(trial.state, .complete, "trial \(trial.number)")
                XCTAssertEqual(trial.curve.keys.sorted(), [2, 4, 6])
            }
        }
        XCTAssertTrue(trials.contains { $0.state == .pruned }, "some trial is pruned: \(trials.map { ($0.number, $0.state, $0.curve) })")
    }

    /// SIGKILL in the second trial: the first stays complete with its result, the second starts again under its own
    /// number and keys, and the study ends with its two trials, none repeated — from the base config's text as the
    /// study began, though the file has since been overwritten.
    func testKilledStudyResumesWithoutLosingOrRepeatingATrial() throws {
        let study = directory.appendingPathComponent("killed.study").path
        let process = Process()
        process.executableURL = TernProcess.executable
        process.currentDirectoryURL = TernProcess.root
        process.arguments = try baseArguments(study: study, trials: 2, steps: 12, validEvery: 3)
        let stderr = Pipe()
        process.standardError = stderr
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        // Killed after trial 2's second validation (of four).
        var seen = ""
        while !(seen.contains("trial 2 of 2") && seen.components(separatedBy: "(#2) step").count > 2) {
            let chunk = stderr.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            seen += String(decoding: chunk, as: UTF8.self)
        }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        let before = try StudyFile.open(path: study).trials()
        XCTAssertEqual(before.map(\.state), [.complete, .running], seen)
        XCTAssertFalse(before[1].curve.isEmpty, "trial 2 had validated before the kill")
        // The study kept its base config's text: the file being edited or gone since changes nothing.
        try "not: [a config".write(to: directory.appendingPathComponent("tiny.yaml"), atomically: true, encoding: .utf8)

        let resumed = try TernProcess.run(["tune", "--resume", study])
        XCTAssertEqual(resumed.status, 0, resumed.standardError)
        XCTAssertTrue(resumed.standardError.contains("trial 2 was running when the study stopped; it starts again"), resumed.standardError)
        let after = try StudyFile.open(path: study).trials()
        XCTAssertEqual(after.map(\.number), [1, 2])
        XCTAssertEqual(after.map(\.state), [.complete, .complete])
        XCTAssertEqual(after[0], before[0], "the finished trial is kept as it was")
        XCTAssertEqual(after[1].assignment, before[1].assignment, "the restarted trial keeps its keys")
        XCTAssertEqual(after[1].curve.keys.sorted(), [3, 6, 9, 12], "its curve is whole again")
    }
}
