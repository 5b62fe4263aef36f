import Foundation
import XCTest

/// Tests/Fixtures/reference_reader.py — a Python reader written from ModelFormat.md alone — translates as
/// `tern translate --beam 1` does: the same lines (detokenised tokens), for a Transformer (its training file and its
/// int8 export) and a GRU, on dev lines plus a line of odd white space, unseen characters and an empty line.
/// Skipped where python3 with numpy is missing (.ci/run installs python3-numpy).
final class ReferenceReaderTests: XCTestCase {
    static let directory = FileManager.default.temporaryDirectory.appendingPathComponent("tern-reader-\(UUID().uuidString)")
    var slice: String { TernProcess.root.appendingPathComponent("corpora/bible-en-es-slice").path }
    var reader: String { TernProcess.root.appendingPathComponent("Tests/Fixtures/reference_reader.py").path }

    override class func setUp() { try? FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true) }
    override class func tearDown() { try? FileManager.default.removeItem(at: directory) }

    /// Five dev lines, then tabs, a no-break space, characters the corpus lacks, and an empty line.
    var input: String {
        get throws {
            let dev = try String(contentsOfFile: "\(slice)/dev.en", encoding: .utf8).split(separator: "\n").prefix(5)
            return dev.joined(separator: "\n") + "\n  Tabs\there  and\u{00A0}nbsp ☃ émoji 👍🏽\n\n"
        }
    }

    func python(_ arguments: [String], input: String) throws -> (status: Int32, output: String, error: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3"] + arguments
        let stdin = Pipe(), stdout = Pipe(), stderr = Pipe()
        (process.standardInput, process.standardOutput, process.standardError) = (stdin, stdout, stderr)
        try process.run()
        stdin.fileHandleForWriting.write(Data(input.utf8))
        try stdin.fileHandleForWriting.close()
        let output = stdout.fileHandleForReading.readDataToEndOfFile(), error = stderr.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: output, as: UTF8.self), String(decoding: error, as: UTF8.self))
    }

    override func setUpWithError() throws {
        let check = try python(["-c", "import numpy, sqlite3"], input: "")
        try XCTSkipIf(check.status != 0, "python3 with numpy is not installed (apt-get install python3-numpy): \(check.error)")
    }

    func train(_ name: String, _ config: String) throws -> String {
        let configPath = Self.directory.appendingPathComponent("\(name).yaml").path
        try (config + "\nbpe_merges: 200\nbatch_tokens: 300\nthreads: 1\nsamples: 0\nattention_plots: 0\ncurve_plots: false\n")
            .write(toFile: configPath, atomically: true, encoding: .utf8)
        let model = Self.directory.appendingPathComponent("\(name).tern").path
        let result = try TernProcess.run(["train", "--config", configPath, "--src-train", "\(slice)/train.en", "--tgt-train", "\(slice)/train.es",
                                          "--src-dev", "\(slice)/dev.en", "--tgt-dev", "\(slice)/dev.es", "--output", model,
                                          "--set", "max_steps=3"])
        XCTAssertEqual(result.status, 0, result.standardError)
        return model
    }

    /// Outputs capped at half the source plus 10 tokens, on both sides, to keep the test short.
    func assertSameLines(_ model: String, tern extra: [String] = [], file: StaticString = #filePath, line: UInt = #line) throws {
        let text = try input
        let tern = try TernProcess.run(["translate", "--model", model, "--beam", "1", "--max-length-ratio", "0.5"] + extra, input: text)
        XCTAssertEqual(tern.status, 0, tern.standardError, file: file, line: line)
        let reference = try python([reader, model, "--max-length-ratio", "0.5"], input: text)
        XCTAssertEqual(reference.status, 0, reference.error, file: file, line: line)
        XCTAssertEqual(reference.output.split(separator: "\n", omittingEmptySubsequences: false),
                       tern.standardOutput.split(separator: "\n", omittingEmptySubsequences: false), file: file, line: line)
        XCTAssertEqual(tern.standardOutput.split(separator: "\n", omittingEmptySubsequences: false).count, 8, "7 lines and the final newline",
                       file: file, line: line)
    }

    func testTransformerAndItsInt8Export() throws {
        let model = try train("transformer", "family: transformer\nd_model: 32\nheads: 2\nd_ff: 64\nencoder_layers: 1\ndecoder_layers: 2\nnorm: post\nactivation: gelu")
        try assertSameLines(model)
        let exported = Self.directory.appendingPathComponent("transformer-int8.tern").path
        XCTAssertEqual(try TernProcess.run(["export", model, "--output", exported, "--compute", "int8"]).status, 0)
        // The reader computes in float32 on the values the int8 rows stand for: `--compute float32` on the export.
        try assertSameLines(exported, tern: ["--compute", "float32"])
    }

    func testGRUWithLuongAttention() throws {
        let model = try train("gru", "family: rnn\ncell: gru\nembedding_size: 16\nencoder_hidden: 12\ndecoder_hidden: 16\ndecoder_layers: 2\nattention: luong_general")
        try assertSameLines(model)
    }
}
