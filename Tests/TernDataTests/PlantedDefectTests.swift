import Foundation
import TernData
import TernTestSupport
import XCTest

/// A corpus with planted defects — duplicates, a copy, swapped-language lines, invalid UTF-8, digit mismatches, an
/// empty side, a length outlier, an over-long pair, a foreign script, a shifted block — gets exactly the planted
/// findings, each on its line; the first 100 pairs of the Bible slice that carry them have none of their own (see
/// ``CleanSliceTests``).
final class PlantedDefectTests: XCTestCase {
    var directory: URL!

    override func setUpWithError() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("tern-data-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: directory) }

    static func sliceLines(_ name: String) throws -> [String] {
        try String(contentsOfFile: "\(CorpusSlice.folder)/\(name)", encoding: .utf8).split(separator: "\n").map(String.init)
    }

    /// Both sides as bytes, and the byte at which line 30's source holds its invalid byte.
    struct Planted {
        var source: [[UInt8]]
        var target: [[UInt8]]
    }

    /// Pairs 1–100 of the slice with defects written over some of them (1-based line numbers in the comments).
    func plantedCorpus() throws -> Planted {
        let english = try Self.sliceLines("train.en"), spanish = try Self.sliceLines("train.es")
        var source = english.prefix(100).map { Array($0.utf8) }, target = spanish.prefix(100).map { Array($0.utf8) }
        func put(_ line: Int, _ sourceText: String, _ targetText: String) {
            source[line - 1] = Array(sourceText.utf8)
            target[line - 1] = Array(targetText.utf8)
        }
        put(10, english[2], spanish[2])  // duplicate of line 3
        put(20, english[2], spanish[2])  // duplicate of line 3 again
        put(15, english[14], english[14])  // copy
        put(25, spanish[24], english[24])  // swapped languages
        put(26, spanish[25], english[25])  // swapped languages
        source[29].insert(0xFF, at: 5)  // line 30: invalid UTF-8 at byte 6 of the source line
        put(35, "And Noah was 600 years old when the flood came.", "Y era Noé de 601 años cuando el diluvio vino.")
        put(40, english[39], "")  // empty target
        put(45, "Amen.", "Y todo el pueblo dijo: Amén.")  // 1 word against 6
        put(50, english[50...54].joined(separator: " "), spanish[50...54].joined(separator: " "))  // over-long
        put(55, english[54], spanish[54] + " λόγος")  // Greek on the Latin side
        for (offset, year) in [12, 13, 14, 15].enumerated() {  // a block whose targets slipped one line down
            put(60 + offset, "In the year \(year) the king of Judah went up to Jerusalem.",
                "En el año \(year + 1) subió el rey de Judá á Jerusalem.")
        }
        return Planted(source: source, target: target)
    }

    func write(_ lines: [[UInt8]], _ name: String) throws -> String {
        let path = directory.appendingPathComponent(name).path
        try Data(lines.flatMap { $0 + [0x0A] }).write(to: URL(fileURLWithPath: path))
        return path
    }

    func testEachPlantedDefectIsFoundOnItsLineAndNothingElse() throws {
        let planted = try plantedCorpus()
        // Premises of the plants, counted here without the checker.
        let words = { (bytes: [UInt8]) in String(decoding: bytes, as: UTF8.self).split(whereSeparator: \.isWhitespace).count }
        XCTAssertGreaterThan(max(words(planted.source[49]), words(planted.target[49])), 100)
        XCTAssertLessThan(Double(max(words(planted.source[49]), words(planted.target[49]))) / Double(min(words(planted.source[49]), words(planted.target[49]))), 3)

        let report = try DataChecker().check(sourcePath: try write(planted.source, "planted.en"), targetPath: try write(planted.target, "planted.es"))
        let expected: [DefectClass: [Int]] = [
            .duplicate: [10, 20], .copy: [15], .wrongLanguage: [25, 26], .invalidUTF8: [30], .numberMismatch: [35, 60, 61, 62, 63],
            .emptySide: [40], .lengthRatio: [45], .overLong: [50], .foreignScript: [55], .misalignedBlock: [60],
        ]
        for defect in DefectClass.allCases {
            XCTAssertEqual(report.findings(of: defect).map(\.line), expected[defect] ?? [], "\(defect.rawValue): \(report.findings(of: defect))")
        }
        XCTAssertEqual(report.findings(of: .misalignedBlock).map(\.lastLine), [63])
        XCTAssertEqual(report.findings(of: .duplicate).map(\.detail), ["same pair as line 3", "same pair as line 3"])
        // The invalid byte: the 6th of line 30's source; its file offset is the length of lines 1–29 with their newlines, plus 5.
        let offset = planted.source.prefix(29).reduce(0) { $0 + $1.count + 1 } + 5
        XCTAssertEqual(report.findings(of: .invalidUTF8).map(\.detail), ["source byte 6 of the line (file offset \(offset))"])
        XCTAssertEqual(report.findings(of: .numberMismatch).first?.detail, "source 600, target 601")
        XCTAssertEqual(report.findings(of: .emptySide).map(\.detail), ["target empty"])
        XCTAssertEqual(report.findings(of: .lengthRatio).map(\.detail), ["ratio 6.00 (1 source / 6 target words)"])
        XCTAssertEqual(report.findings(of: .foreignScript).map(\.detail), ["target: Greek letter ‘λ’ (U+3BB)"])
        XCTAssertEqual(report.findings(of: .wrongLanguage).count, 2)
        XCTAssertEqual(report.flagged.sorted, [10, 15, 20, 25, 26, 30, 35, 40, 45, 50, 55, 60, 61, 62, 63])
        XCTAssertEqual(report.cleanPairs, 85)
    }

    func testWriteCleanLeavesOutExactlyTheReportedLines() throws {
        let planted = try plantedCorpus()
        let sourcePath = try write(planted.source, "planted.en"), targetPath = try write(planted.target, "planted.es")
        let report = try DataChecker().check(sourcePath: sourcePath, targetPath: targetPath)
        let prefix = directory.appendingPathComponent("clean").path
        let result = try CleanPairWriter.write(report, prefix: prefix)
        XCTAssertEqual(result.sourcePath, prefix + ".en")
        XCTAssertEqual(result.targetPath, prefix + ".es")
        XCTAssertEqual(result.written, 85)
        XCTAssertEqual(result.leftOut, 15)
        let reported = Set(DefectClass.allCases.flatMap { report.findings(of: $0).flatMap { Array($0.line...$0.lastLine) } })
        for (written, input) in [(result.sourcePath, planted.source), (result.targetPath, planted.target)] {
            let kept: [[UInt8]] = input.enumerated().filter { !reported.contains($0.offset + 1) }.map(\.element)
            let expected: [UInt8] = kept.flatMap { $0 + [0x0A] }
            XCTAssertEqual(Array(try Data(contentsOf: URL(fileURLWithPath: written))), expected)
        }
    }

    func testLinesWithoutAPartnerAreReported() throws {
        let english = try Self.sliceLines("train.en"), spanish = try Self.sliceLines("train.es")
        let sourcePath = try write(english.prefix(12).map { Array($0.utf8) }, "long.en")
        let targetPath = try write(spanish.prefix(10).map { Array($0.utf8) }, "short.es")
        let report = try DataChecker().check(sourcePath: sourcePath, targetPath: targetPath)
        XCTAssertEqual(report.findings(of: .lineCountMismatch).map(\.line), [11, 12])
        XCTAssertEqual([report.sourceLines, report.targetLines, report.pairs, report.cleanPairs], [12, 10, 10, 10])
        let result = try CleanPairWriter.write(report, prefix: directory.appendingPathComponent("clean").path)
        XCTAssertEqual([result.written, result.leftOut], [10, 2])
    }
}
