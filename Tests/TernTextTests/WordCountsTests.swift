import TernText
import XCTest

final class WordCountsTests: XCTestCase {
    func testCountsWordsOfNormalizedLines() {
        var counts = WordCounts()
        counts.add(normalizedLine: "el niño y el año")
        counts.add(normalizedLine: "")
        counts.add(word: "niño", count: 3)
        XCTAssertEqual(counts.counts, ["el": 2, "niño": 4, "y": 1, "año": 1])
        XCTAssertEqual(counts.lines, 2)
        XCTAssertEqual(counts.totalWords, 8)
        XCTAssertEqual(counts.distinctWords, 4)
    }

    /// Enough distinct words to make the table grow several times; counts must survive rehashing.
    func testManyDistinctWordsAndMerging() {
        var generator = SeededGenerator(seed: 2)
        var expected: [String: Int] = [:]
        var first = WordCounts(), second = WordCounts()
        for index in 0..<40_000 {
            let word = "w\(Int.random(in: 0..<30_000, using: &generator))ñ"
            expected[word, default: 0] += 1
            if index % 2 == 0 { first.add(word: word) } else { second.add(word: word) }
        }
        var joined = first
        joined.add(second)
        XCTAssertEqual(joined.counts, expected)
        var reversed = second
        reversed.add(first)
        XCTAssertEqual(reversed, joined)
    }

    func testWordsAreToldApartByTheirScalars() {
        var counts = WordCounts()
        counts.add(word: "é")
        counts.add(word: "e\u{301}")
        // Canonically equivalent but different scalars: two words (normalized input never has the second).
        XCTAssertEqual(counts.distinctWords, 2)
    }
}
