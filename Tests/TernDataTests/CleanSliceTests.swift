import TernData
import TernTestSupport
import XCTest

/// The shipped Bible slice raises no alarm but two, justified line by line.
final class CleanSliceTests: XCTestCase {
    /// Lines 262 and 263 list three names in English and repeat "Y á" (and to) before each in Spanish: 3 words
    /// against 9, a ratio of exactly 3, which OpusFilter's LengthRatioFilter rejects (it accepts ratios below the
    /// threshold only). Nothing else is flagged.
    func testTheTrainingSliceHasOnlyTheTwoNameLists() throws {
        let report = try DataChecker().check(sourcePath: "\(CorpusSlice.folder)/train.en", targetPath: "\(CorpusSlice.folder)/train.es")
        XCTAssertEqual(report.pairs, 500)
        XCTAssertEqual(report.classesFound, [.lengthRatio])
        XCTAssertEqual(report.findings(of: .lengthRatio).map(\.line), [262, 263])
        XCTAssertEqual(report.findings(of: .lengthRatio).map(\.detail), ["ratio 3.00 (3 source / 9 target words)", "ratio 3.00 (3 source / 9 target words)"])
        XCTAssertEqual(report.dominantScripts, [[.latin], [.latin]])
    }

    func testTheDevSliceIsClean() throws {
        let report = try DataChecker().check(sourcePath: "\(CorpusSlice.folder)/dev.en", targetPath: "\(CorpusSlice.folder)/dev.es")
        XCTAssertEqual(report.pairs, 40)
        XCTAssertEqual(report.classesFound, [])
    }
}
