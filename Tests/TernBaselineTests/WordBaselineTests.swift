import Foundation
import TernBaseline
import TernText
import XCTest

/// Word-for-word translation, its file, and what it learns from a slice of the shipped corpus.
final class WordBaselineTests: XCTestCase {
    static let directory = FileManager.default.temporaryDirectory.appendingPathComponent("tern-baseline-\(UUID().uuidString)")

    override class func setUp() {
        try? FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    override class func tearDown() { try? FileManager.default.removeItem(at: directory) }

    func file(_ name: String, _ text: String? = nil) throws -> URL {
        let url = Self.directory.appendingPathComponent(name)
        if let text { try text.write(to: url, atomically: true, encoding: .utf8) }
        return url
    }

    /// The corpus of `IBMModel1Tests`; after two iterations la → the, casa → house, verde → green (derived there).
    let tiny = WordBaseline.train(sourceLines: ["la casa", "la", "casa verde"], targetLines: ["the house", "the", "green house"],
                                  iterations: 2)

    func testKnownWordsAreTranslatedAndUnknownOnesCopied() {
        XCTAssertEqual(tiny.translate("la casa verde"), "the house green")
        // Whitespace is normalised; "perro" and "Casa" (case kept) were never seen, so they are copied.
        XCTAssertEqual(tiny.translate("  la\tcasa   perro Casa "), "the house perro Casa")
        XCTAssertEqual(tiny.translate(""), "")
        XCTAssertEqual(tiny.translate(["verde", "la"]), ["green", "the"])
        XCTAssertEqual(tiny.entries.count, 3)
        XCTAssertEqual(tiny.iterations, 2)
        XCTAssertEqual(tiny.entries["verde"], WordBaseline.Entry(target: "green", probability: 60.0 / 101))
    }

    /// Lowercased, ("La casa", "The house") and ("la", "the") are the tiny corpus without its third pair. Iteration 1:
    /// casa's row is the 1/3, house 1/3 (a tie), la's is 5/7, 2/7, NULL's the 5/7, house 2/7. Iteration 2, pair 1:
    /// "the" has t = 5/7 (NULL), 5/7 (la), 1/2 (casa), so casa's posterior is (1/2) / (27/14) = 7/27; "house" has
    /// t = 2/7, 2/7, 1/2, so casa's is (1/2) / (15/14) = 7/15 — casa → house, with probability (7/15) / (7/15 + 7/27) = 9/14.
    func testLowercaseAppliesToTrainingAndTranslation() {
        let sources = ["La casa", "la"], targets = ["The house", "the"]
        let lowered = WordBaseline.train(sourceLines: sources, targetLines: targets, iterations: 2, lowercase: true)
        XCTAssertTrue(lowered.lowercase)
        XCTAssertEqual(Set(lowered.entries.keys), ["la", "casa"])
        XCTAssertEqual(lowered.entries["casa"]?.target, "house")
        XCTAssertEqual(lowered.entries["casa"]?.probability ?? 0, 9.0 / 14, accuracy: 1e-14)
        XCTAssertEqual(lowered.translate("LA CASA"), "the house")

        let cased = WordBaseline.train(sourceLines: sources, targetLines: targets, iterations: 2)
        XCTAssertFalse(cased.lowercase)
        XCTAssertEqual(Set(cased.entries.keys), ["La", "casa", "la"])
        XCTAssertEqual(cased.translate("LA la"), "LA the")  // "LA" was never seen: copied as it is
    }

    /// The file's exact text for a hand-built table: header, then entries sorted by source word.
    func testFileFormat() throws {
        let table = WordBaseline(entries: ["la": .init(target: "the", probability: 0.75), "casa": .init(target: "house", probability: 0.5),
                                           "Árbol": .init(target: "tree", probability: 1)], iterations: 5)
        XCTAssertEqual(table.fileContents, """
            tern-word-baseline\t1
            lowercase\tfalse
            iterations\t5
            entries\t3
            casa\thouse\t0.5
            la\tthe\t0.75
            Árbol\ttree\t1.0

            """)
    }

    func testSaveAndLoadRoundTrip() throws {
        let trained = WordBaseline.train(sourceLines: try lines("train.en"), targetLines: try lines("train.es"), iterations: 3)
        let url = try file("slice.baseline")
        try trained.write(to: url)
        let loaded = try WordBaseline(contentsOf: url)
        XCTAssertEqual(loaded, trained)  // every word, target and probability bit for bit
        let dev = try lines("dev.en")
        XCTAssertEqual(loaded.translate(dev), trained.translate(dev))

        let lowered = WordBaseline(entries: ["a": .init(target: "b", probability: 1.0 / 3)], lowercase: true, iterations: 7)
        try lowered.write(to: url)
        XCTAssertEqual(try WordBaseline(contentsOf: url), lowered)
        let empty = WordBaseline(entries: [:], iterations: 1)
        try empty.write(to: url)
        XCTAssertEqual(try WordBaseline(contentsOf: url), empty)
    }

    func testDamagedFilesNameTheLine() throws {
        let header = "tern-word-baseline\t1\nlowercase\tfalse\niterations\t5\n"
        let cases: [(String, Int)] = [
            ("just text\n", 1),
            ("tern-word-baseline\t2\n", 1),
            ("tern-word-baseline\t1\nlowercase\tmaybe\n", 2),
            (header + "entries\t2\na\tb\t0.5\n", 6),          // truncated: one entry of two
            (header + "entries\t1\na\tb\t0.5\nc\td\t0.5\n", 6),  // one line too many
            (header + "entries\t1\na\tb\n", 5),
            (header + "entries\t1\na\tb\t1.5\n", 5),
            (header + "entries\t2\na\tb\t0.5\na\tc\t0.5\n", 6),
        ]
        for (index, (text, line)) in cases.enumerated() {
            let url = try file("damaged-\(index)", text)
            XCTAssertThrowsError(try WordBaseline(contentsOf: url), "case \(index)") { error in
                guard case let TextError.malformedLine(path, number, _) = error else {
                    return XCTFail("case \(index): \(error)")
                }
                XCTAssertEqual(path, url.path)
                XCTAssertEqual(number, line, "case \(index): \(error)")
            }
        }
        XCTAssertThrowsError(try WordBaseline(contentsOf: try file("missing"))) { error in
            guard case TextError.unreadableFile = error else { return XCTFail("\(error)") }
        }
    }

    /// On 500 Bible verses the most frequent words find their Spanish counterparts.
    func testLearnsFrequentWordsFromTheCorpusSlice() throws {
        let baseline = WordBaseline.train(sourceLines: try lines("train.en"), targetLines: try lines("train.es"))
        XCTAssertEqual(baseline.entries["God"]?.target, "Dios")
        XCTAssertEqual(baseline.entries["and"]?.target, "y")
        XCTAssertEqual(baseline.iterations, 5)
    }

    /// Lines of `corpora/bible-en-es-slice/NAME`.
    func lines(_ name: String) throws -> [String] {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        return try LineReader.lines(ofFile: root.appendingPathComponent("corpora/bible-en-es-slice/\(name)").path)
    }
}
