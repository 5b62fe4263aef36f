import Foundation
import TernStore
import TernTrain
import XCTest

/// End-to-end runs of the training loop on a few dozen lines of the shipped corpus slice with a tiny Transformer.
final class TrainerTests: XCTestCase {
    var directory: URL!

    override func setUpWithError() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("tern-trainer-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: directory) }

    var sliceFolder: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("corpora/bible-en-es-slice").path
    }

    /// Writes the first `count` lines of a slice file into the temp folder.
    func excerpt(_ name: String, lines count: Int) throws -> String {
        let text = try String(contentsOfFile: "\(sliceFolder)/\(name)", encoding: .utf8)
        let path = directory.appendingPathComponent(name).path
        try (text.split(separator: "\n", omittingEmptySubsequences: false).prefix(count).joined(separator: "\n") + "\n")
            .write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    func paths(output: String) throws -> TrainingPaths {
        TrainingPaths(trainSource: try excerpt("train.en", lines: 60), trainTarget: try excerpt("train.es", lines: 60),
                      devSource: try excerpt("dev.en", lines: 4), devTarget: try excerpt("dev.es", lines: 4),
                      output: directory.appendingPathComponent(output).path)
    }

    let tiny = ["family=transformer", "d_model=16", "heads=2", "d_ff=32", "encoder_layers=1", "decoder_layers=1",
                "tied_embeddings=all", "dropout=0.1", "bpe_merges=80", "batch_tokens=160", "valid_every=1000",
                "log_every=1000", "samples=0", "warmup=4", "threads=1", "max_length=40"]

    func parameters(of path: String) throws -> [String: [Float]] {
        let file = try ModelFile(openingAt: path, access: .readOnly)
        defer { file.close() }
        return Dictionary(uniqueKeysWithValues: try file.loadLatestCheckpoint().parameters.map { ($0.name, $0.values) })
    }

    /// Train N steps and resume for N more: the same parameters as 2N steps in one run, bit for bit (same batches,
    /// same dropout masks, same Adam state and schedule).
    func testResumeGivesTheSameParametersAsOneRun() throws {
        let straight = try paths(output: "straight.tern")
        try Trainer(config: ConfigFile(path: nil, overrides: tiny + ["max_steps=6"]), paths: straight, log: { _ in }).run(resume: false)

        let split = try paths(output: "split.tern")
        try Trainer(config: ConfigFile(path: nil, overrides: tiny + ["max_steps=3"]), paths: split, log: { _ in }).run(resume: false)
        let resumed = try ConfigFile(resumingFrom: split.output, overrides: ["max_steps=6"])
        let summary = try Trainer(config: resumed, paths: split, log: { _ in }).run(resume: true)
        XCTAssertEqual(summary.steps, 6)

        let a = try parameters(of: straight.output), b = try parameters(of: split.output)
        XCTAssertEqual(Set(a.keys), Set(b.keys))
        XCTAssertFalse(a.isEmpty)
        for (name, values) in a {
            let difference = zip(values, b[name]!).map { abs($0 - $1) }.max() ?? 0
            XCTAssertEqual(difference, 0, "parameter \(name) differs after resume (max abs difference \(difference))")
        }
        // and training moved the weights at all
        let initial = try paths(output: "zero.tern")
        try Trainer(config: ConfigFile(path: nil, overrides: tiny + ["max_steps=1"]), paths: initial, log: { _ in }).run(resume: false)
        XCTAssertNotEqual(try parameters(of: initial.output), a)
    }

    func testMismatchedLineCountsNameBothFiles() throws {
        var p = try paths(output: "bad.tern")
        p.trainTarget = try excerpt("train.es", lines: 59)
        XCTAssertThrowsError(try Trainer(config: ConfigFile(path: nil, overrides: tiny + ["max_steps=1"]), paths: p, log: { _ in }).run(resume: false)) { error in
            let message = "\(error)"
            XCTAssertTrue(message.contains(p.trainSource) && message.contains(p.trainTarget), message)
            XCTAssertTrue(message.contains("60") && message.contains("59"), message)
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: p.output), "no model file for a run that never started")
    }

    func testInvalidUTF8NamesFileAndLine() throws {
        var p = try paths(output: "bad.tern")
        var bytes = Array(try Data(contentsOf: URL(fileURLWithPath: p.trainSource)))
        let thirdLine = bytes.indices.filter { bytes[$0] == 10 }[1] + 1
        bytes.insert(0xFF, at: thirdLine)
        let broken = directory.appendingPathComponent("broken.en").path
        try Data(bytes).write(to: URL(fileURLWithPath: broken))
        p.trainSource = broken
        XCTAssertThrowsError(try Trainer(config: ConfigFile(path: nil, overrides: tiny + ["max_steps=1"]), paths: p, log: { _ in }).run(resume: false)) { error in
            let message = "\(error)"
            XCTAssertTrue(message.contains(broken) && message.contains("3"), message)
        }
    }

    func testEmptyFileAndBadSettingsAreClearErrors() throws {
        var p = try paths(output: "bad.tern")
        let empty = directory.appendingPathComponent("empty.es").path
        try "".write(toFile: empty, atomically: true, encoding: .utf8)
        p.trainTarget = empty
        XCTAssertThrowsError(try Trainer(config: ConfigFile(path: nil, overrides: tiny + ["max_steps=1"]), paths: p, log: { _ in }).run(resume: false)) { error in
            XCTAssertTrue("\(error)".contains(empty), "\(error)")
        }
        XCTAssertThrowsError(try ConfigFile(path: nil, overrides: tiny + ["optimizer=adagrad"])) { error in
            XCTAssertTrue("\(error)".contains("optimizer"), "\(error)")
        }
        XCTAssertThrowsError(try ConfigFile(path: nil, overrides: tiny + ["d_modle=16"])) { error in
            XCTAssertTrue("\(error)".contains("d_modle"), "\(error)")
        }
    }

    func testResumeOfAMissingFileAndOverwriteAreRefused() throws {
        let p = try paths(output: "missing.tern")
        XCTAssertThrowsError(try Trainer(config: ConfigFile(path: nil, overrides: tiny), paths: p, log: { _ in }).run(resume: true))
        try "not a model".write(toFile: p.output, atomically: true, encoding: .utf8)
        XCTAssertThrowsError(try Trainer(config: ConfigFile(path: nil, overrides: tiny + ["max_steps=1"]), paths: p, log: { _ in }).run(resume: false))
        XCTAssertEqual(try String(contentsOfFile: p.output, encoding: .utf8), "not a model", "an existing file is never overwritten")
    }
}
