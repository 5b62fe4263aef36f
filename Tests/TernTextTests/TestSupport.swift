import Foundation
import TernText
import XCTest

/// The repository root, found from this file's location so tests run from any directory.
let repositoryRoot: URL = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent()  // TernTextTests
    .deletingLastPathComponent()  // Tests
    .deletingLastPathComponent()

/// Lines of a file of the shipped Bible corpus, e.g. `bibleLines("train.en")`.
func bibleLines(_ name: String) throws -> [String] {
    try LineReader.lines(ofFile: repositoryRoot.appendingPathComponent("corpora/bible-en-es/\(name)").path)
}

/// SplitMix64: a small seeded generator so random tests are reproducible.
struct SeededGenerator: RandomNumberGenerator {
    private var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Builds random text from pieces that stress normalization and segmentation.
enum RandomText {
    /// Word material: plain and accented Latin (precomposed and decomposed), Spanish punctuation, CJK, Hangul,
    /// emoji including skin tones, flags and ZWJ sequences, stacked combining marks.
    static let fragments: [String] = [
        "a", "b", "c", "d", "e", "n", "o", "r", "s", "t", "x", "Z", "Q", "7", ".", ",", "'", "-",
        "é", "e\u{301}", "ñ", "n\u{303}", "ü", "Å", "A\u{30A}", "ç", "ø", "ß", "İ",
        "¿", "¡", "«", "»", "—", "’",
        "日", "本", "語", "中", "文", "字", "한", "국",
        "😀", "👍🏽", "👩\u{200D}👩\u{200D}👧", "🏳️\u{200D}🌈", "🇪🇸", "❤️",
        "a\u{308}\u{301}", "q\u{323}", "\u{301}", "o\u{31B}\u{323}", "ก\u{E49}",
    ]
    /// Separators: runs of assorted Unicode whitespace.
    static let separators: [String] = [" ", " ", " ", "  ", "\t", " \t ", "\u{00A0}", "\u{3000}", "\u{2009}", " \n ", "\u{2000}"]

    static func word(using generator: inout SeededGenerator) -> String {
        let length = Int.random(in: 1...6, using: &generator)
        return (0..<length).map { _ in fragments.randomElement(using: &generator)! }.joined()
    }

    static func line(using generator: inout SeededGenerator) -> String {
        let words = Int.random(in: 0...8, using: &generator)
        var line = Bool.random(using: &generator) ? separators.randomElement(using: &generator)! : ""
        for index in 0..<words {
            if index > 0 { line += separators.randomElement(using: &generator)! }
            line += word(using: &generator)
        }
        if Bool.random(using: &generator) { line += separators.randomElement(using: &generator)! }
        return line
    }
}

/// Asserts two strings are equal scalar for scalar, stricter than `==`, which only checks canonical equivalence.
func assertSameScalars(_ actual: String, _ expected: String, _ message: @autoclosure () -> String = "", file: StaticString = #filePath, line: UInt = #line) {
    XCTAssertEqual(Array(actual.unicodeScalars), Array(expected.unicodeScalars), message(), file: file, line: line)
}

/// A fresh temporary directory, removed when the test ends.
func temporaryDirectory(for testCase: XCTestCase) throws -> URL {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("TernTextTests-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    testCase.addTeardownBlock { try? FileManager.default.removeItem(at: directory) }
    return directory
}

/// Writes bytes to a file in `directory` and returns its path.
func writeFile(_ name: String, bytes: [UInt8], in directory: URL) throws -> String {
    let url = directory.appendingPathComponent(name)
    try Data(bytes).write(to: url)
    return url.path
}

func writeFile(_ name: String, text: String, in directory: URL) throws -> String {
    try writeFile(name, bytes: Array(text.utf8), in: directory)
}
