import TernText
import XCTest

final class SegmentationStatisticsTests: XCTestCase {
    func testCountsWordsTokensAndUnknowns() {
        let counts = WordCounts(lines: ["aa ab aa", "ab"], normalizer: Normalizer())
        let model = BPELearner(merges: 10, minimumFrequency: 1).learn(from: counts)
        let tokenizer = SubwordTokenizer(model: model, vocabulary: Vocabulary(model: model, wordCounts: counts), normalizer: Normalizer())
        XCTAssertEqual(tokenizer.tokenize("aa ab"), ["▁aa", "▁ab"])
        // "zz" is unseen: "▁" then one <unk> for the run of unknown scalars.
        let statistics = SegmentationStatistics(lines: ["aa  ab", "zz aa\t"], tokenizer: tokenizer)
        XCTAssertEqual(statistics.lines, 2)
        XCTAssertEqual(statistics.words, 4)
        XCTAssertEqual(statistics.tokens, 5)
        XCTAssertEqual(statistics.unknownTokens, 1)
        XCTAssertEqual(statistics.tokensPerWord, 1.25, accuracy: 1e-12)
        XCTAssertEqual(statistics.unknownRate, 0.2, accuracy: 1e-12)
    }
}
