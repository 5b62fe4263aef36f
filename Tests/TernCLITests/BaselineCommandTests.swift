import Foundation
import XCTest

/// `tern baseline` through the built binary: training on the corpus slice, the saved table reused, and the exit code
/// of each kind of bad input.
final class BaselineCommandTests: XCTestCase {
    static let directory = FileManager.default.temporaryDirectory.appendingPathComponent("tern-baseline-cli-\(UUID().uuidString)")

    override class func setUp() {
        try? FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    override class func tearDown() { try? FileManager.default.removeItem(at: directory) }

    var slice: String { TernProcess.root.appendingPathComponent("corpora/bible-en-es-slice").path }
    func path(_ name: String) -> String { Self.directory.appendingPathComponent(name).path }

    func trainArguments(output: String) -> [String] {
        ["baseline", "--src-train", "\(slice)/train.en", "--tgt-train", "\(slice)/train.es", "--output", output]
    }

    func testTrainScoreReloadAndTranslate() throws {
        let table = path("slice.baseline")
        let trained = try TernProcess.run(trainArguments(output: table) + ["--src-dev", "\(slice)/dev.en", "--tgt-dev", "\(slice)/dev.es"])
        XCTAssertEqual(trained.status, 0, trained.standardError)
        XCTAssertTrue(trained.standardError.hasPrefix("trained IBM Model 1 (EM iterations: 5) on 500 sentence pairs in "),
                      trained.standardError)
        let lines = trained.standardOutput.split(separator: "\n").map(String.init)
        XCTAssertEqual(lines.count, 4, trained.standardOutput)
        for (line, prefix) in zip(lines, ["copy: BLEU = ", "copy: chrF2 = ", "model1: BLEU = ", "model1: chrF2 = "]) {
            XCTAssertTrue(line.hasPrefix(prefix), line)
        }
        XCTAssertTrue(try String(contentsOfFile: table, encoding: .utf8).hasPrefix("tern-word-baseline\t1\nlowercase\tfalse\niterations\t5\n"))

        // The saved table scores exactly as the one just trained.
        let rescored = try TernProcess.run(["baseline", "--model", table, "--src-dev", "\(slice)/dev.en", "--tgt-dev", "\(slice)/dev.es"])
        XCTAssertEqual(rescored.status, 0, rescored.standardError)
        XCTAssertEqual(rescored.standardOutput, trained.standardOutput)

        // Standard input, line by line: "God" and "and" are learned from the slice, "Zebulun!" is unknown and copied.
        let translated = try TernProcess.run(["baseline", "--model", table, "--translate"], input: "God\nand   Zebulun!\n")
        XCTAssertEqual(translated.status, 0, translated.standardError)
        XCTAssertEqual(translated.standardOutput, "Dios\ny Zebulun!\n")
    }

    func testBadUsageExitsWith64() throws {
        let table = path("unused.baseline")
        let cases: [[String]] = [
            ["baseline", "--src-train", "\(slice)/train.en", "--tgt-train", "\(slice)/train.es"],  // no --output
            trainArguments(output: table) + ["--iterations", "0"],
            ["baseline", "--src-train", "\(slice)/train.en", "--output", table],                  // no --tgt-train
            ["baseline", "--translate"],
            ["baseline", "--model", table],                                                        // neither --translate nor dev
            ["baseline", "--model", table, "--translate", "--iterations", "3"],
            ["baseline", "--model", table, "--translate", "--src-dev", "\(slice)/dev.en", "--tgt-dev", "\(slice)/dev.es"],
        ]
        for arguments in cases {
            let result = try TernProcess.run(arguments)
            XCTAssertEqual(result.status, 64, "\(arguments): \(result.standardError)")
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: table))
    }

    func testMissingInputExitsWith66() throws {
        let missing = path("missing.en")
        for arguments in [
            ["baseline", "--src-train", missing, "--tgt-train", "\(slice)/train.es", "--output", path("a.baseline")],
            trainArguments(output: path("b.baseline")) + ["--src-dev", "\(slice)/dev.en", "--tgt-dev", missing],
            ["baseline", "--model", path("missing.baseline"), "--translate"],
        ] {
            let result = try TernProcess.run(arguments)
            XCTAssertEqual(result.status, 66, "\(arguments): \(result.standardError)")
            XCTAssertTrue(result.firstErrorLine.hasPrefix("error: cannot read "), result.firstErrorLine)
            XCTAssertTrue(result.firstErrorLine.contains("missing."), result.firstErrorLine)
        }
        // A missing dev file is found before training, so nothing is written.
        XCTAssertFalse(FileManager.default.fileExists(atPath: path("b.baseline")))
    }

    func testBadDataExitsWith65() throws {
        // 500 training sources against 40 dev targets.
        let mismatched = try TernProcess.run(["baseline", "--src-train", "\(slice)/train.en", "--tgt-train", "\(slice)/dev.es",
                                              "--output", path("c.baseline")])
        XCTAssertEqual(mismatched.status, 65, mismatched.standardError)
        XCTAssertEqual(mismatched.firstErrorLine,
                       "error: line counts differ: \(slice)/train.en has 500 lines but \(slice)/dev.es has 40")

        let damaged = path("damaged.baseline")
        try "tern-word-baseline\t1\nlowercase\tfalse\niterations\t5\nentries\t2\nGod\tDios\t0.5\n".write(toFile: damaged, atomically: true, encoding: .utf8)
        let result = try TernProcess.run(["baseline", "--model", damaged, "--translate"], input: "God\n")
        XCTAssertEqual(result.status, 65, result.standardError)
        XCTAssertEqual(result.firstErrorLine, "error: \(damaged):6: the header announces 2 entries, the file holds 1")
    }

    func testUnwritableOutputExitsWith73() throws {
        let result = try TernProcess.run(trainArguments(output: path("no-such-directory/x.baseline")))
        XCTAssertEqual(result.status, 73, result.standardError)
        XCTAssertTrue(result.firstErrorLine.hasPrefix("error: cannot write \(path("no-such-directory/x.baseline")): "), result.firstErrorLine)
    }
}
