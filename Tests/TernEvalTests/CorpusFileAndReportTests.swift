import Foundation
import TernEval
import XCTest

/// Reading hypothesis and reference files, and the report `tern evaluate` prints.
final class CorpusFileAndReportTests: XCTestCase {
    private var directory: URL!

    override func setUpWithError() throws {
        directory = try Fixtures.temporaryDirectory()
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: directory)
    }

    private func write(_ name: String, _ bytes: [UInt8]) throws -> String {
        let url = directory.appendingPathComponent(name)
        try Data(bytes).write(to: url)
        return url.path
    }

    private func write(_ name: String, _ text: String) throws -> String {
        try write(name, Array(text.utf8))
    }

    func testLinesSplitOnNewlinesWithoutATrailingEmptyLine() throws {
        XCTAssertEqual(try CorpusFile.readLines(atPath: write("a", "one\r\ntwo  \n\nfour\n")), ["one", "two", "", "four"])
        XCTAssertEqual(try CorpusFile.readLines(atPath: write("b", "no final newline")), ["no final newline"])
        XCTAssertEqual(try CorpusFile.readLines(atPath: write("c", "")), [])
    }

    func testInvalidUTF8NamesFileAndLine() throws {
        let path = try write("bad", Array("fine\nalso fine\n".utf8) + [0x62, 0xFF, 0x0A])
        XCTAssertThrowsError(try CorpusFile.readLines(atPath: path)) { error in
            XCTAssertEqual(error as? EvaluationError, .invalidUTF8(path: path, line: 3))
            XCTAssertTrue("\(error)".contains("line 3"))
        }
    }

    func testMissingFileIsNamed() {
        let path = directory.appendingPathComponent("absent.txt").path
        XCTAssertThrowsError(try MetricsReport(hypothesisPath: path, referencePath: path)) { error in
            XCTAssertEqual(error as? EvaluationError, .fileNotFound(path: path))
        }
    }

    func testLineCountMismatchNamesBothFilesAndCounts() throws {
        let hypotheses = try write("hyp", "a\nb\nc\n")
        let references = try write("ref", "a\nb\n")
        XCTAssertThrowsError(try MetricsReport(hypothesisPath: hypotheses, referencePath: references)) { error in
            let message = "\(error)"
            XCTAssertTrue(message.contains(hypotheses) && message.contains(references), message)
            XCTAssertTrue(message.contains("3 lines") && message.contains("2 lines"), message)
        }
    }

    func testReportLinesAndJSON() throws {
        let hypotheses = try write("hyp", "the cat sat on the mat\nhello there\n")
        let references = try write("ref", "the cat sat on a mat\nhello there\n")
        let report = try MetricsReport(hypothesisPath: hypotheses, referencePath: references)
        XCTAssertEqual(report.scoreLines.count, 2)
        XCTAssertTrue(report.scoreLines[0].hasPrefix("BLEU = "))
        XCTAssertTrue(report.scoreLines[1].hasPrefix("chrF2 = "))
        XCTAssertEqual(report.signatureLines, [
            "BLEU signature: nrefs:1|case:mixed|eff:no|tok:13a|smooth:exp|version:2.6.0",
            "chrF2 signature: nrefs:1|case:mixed|eff:yes|nc:6|nw:0|space:no|version:2.6.0",
        ])

        let json = try JSONSerialization.jsonObject(with: Data(report.jsonString().utf8)) as? [String: Any]
        let metrics = json?["metrics"] as? [String: [String: Any]]
        XCTAssertEqual(json?["segments"] as? Int, 2)
        XCTAssertEqual(metrics?["bleu"]?["hyp_len"] as? Int, 8)
        XCTAssertEqual(metrics?["bleu"]?["line"] as? String, report.scoreLines[0])
        XCTAssertEqual(metrics?["bleu"]?["counts"] as? [Int], report.bleu?.matchingNGramCounts)
        XCTAssertEqual(metrics?["chrf"]?["name"] as? String, "chrF2")
        XCTAssertEqual(metrics?["chrf"]?["score"] as? Double, report.chrF?.score)
    }

    func testMetricSelection() throws {
        XCTAssertEqual(try EvaluationMetric.parseList("chrf"), [.chrf])
        XCTAssertEqual(try EvaluationMetric.parseList(" BLEU , chrf,bleu"), [.bleu, .chrf])
        XCTAssertEqual(try EvaluationMetric.parseList("ter,bleu"), [.ter, .bleu])
        XCTAssertThrowsError(try EvaluationMetric.parseList("meteor"))
        XCTAssertThrowsError(try EvaluationMetric.parseList(","))
        let report = try MetricsReport(hypotheses: ["a b"], references: ["a b"], metrics: [.chrf])
        XCTAssertNil(report.bleu)
        XCTAssertEqual(report.scoreLines, ["chrF2 = 100.00"])
    }
}
