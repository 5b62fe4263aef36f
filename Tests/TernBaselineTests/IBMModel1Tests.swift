import TernBaseline
import XCTest

/// EM on a corpus small enough to follow by hand: the expected probabilities below are derived in the comments from
/// the model's definition, not computed by the code under test.
final class IBMModel1Tests: XCTestCase {
    /// Spanish → English, three pairs. Source vocabulary NULL, la, casa, verde; target vocabulary the, house, green.
    let source = ["la casa", "la", "casa verde"]
    let target = ["the house", "the", "green house"]

    func model(iterations: Int) -> IBMModel1 {
        WordBaseline.model(sourceLines: source, targetLines: target, iterations: iterations)
    }

    /// Iteration 1 from uniform t: every target word's posterior is spread evenly over the pair's source words with
    /// NULL — 1/3 in pairs 1 and 3 (NULL + two words), 1/2 in pair 2 (NULL + "la"). Expected counts:
    ///   NULL:  the 1/3 + 1/2 = 5/6, house 1/3 + 1/3 = 2/3, green 1/3      total 11/6 → 5/11, 4/11, 2/11
    ///   la:    the 1/3 + 1/2 = 5/6, house 1/3                            total  7/6 → 5/7, 2/7
    ///   casa:  the 1/3, house 1/3 + 1/3 = 2/3, green 1/3                 total  4/3 → 1/4, 1/2, 1/4
    ///   verde: house 1/3, green 1/3                                      total  2/3 → 1/2, 1/2
    func testFirstIterationMatchesTheHandComputation() {
        let model = model(iterations: 1)
        let expected: [(String, String?, Double)] = [
            ("the", nil, 5.0 / 11), ("house", nil, 4.0 / 11), ("green", nil, 2.0 / 11),
            ("the", "la", 5.0 / 7), ("house", "la", 2.0 / 7), ("green", "la", 0),
            ("the", "casa", 1.0 / 4), ("house", "casa", 1.0 / 2), ("green", "casa", 1.0 / 4),
            ("the", "verde", 0), ("house", "verde", 1.0 / 2), ("green", "verde", 1.0 / 2),
        ]
        for (word, given, probability) in expected {
            XCTAssertEqual(model.probability(of: word, given: given), probability, accuracy: 1e-14, "t(\(word) | \(given ?? "NULL"))")
        }
        // "green" never occurs with "la" and "the" never with "verde": no parameter is kept for them.
        XCTAssertEqual(model.parameterCount, 3 + 2 + 3 + 2)
        XCTAssertEqual(model.sourceVocabularySize, 3)
        XCTAssertEqual(model.targetVocabularySize, 3)
    }

    /// Iteration 2 from the values above. Pair 3 (NULL, casa, verde):
    ///   "green": t = 2/11, 1/4, 1/2, sum 41/44 → posteriors NULL 8/41, casa 11/41, verde 22/41
    ///   "house": t = 4/11, 1/2, 1/2, sum 30/22 → posteriors NULL 8/30, casa 11/30, verde 11/30
    /// "verde" occurs only there, so c(green | verde) = 22/41, c(house | verde) = 11/30, total 1111/1230, and
    ///   t(green | verde) = (22/41) / (1111/1230) = 660/1111 = 60/101,  t(house | verde) = 451/1111 = 41/101.
    /// "la": in pair 1 (NULL, la, casa) "the" has t = 5/11, 5/7, 1/4 (sum 437/308), posterior of la 220/437;
    ///   "house" has t = 4/11, 2/7, 1/2 (sum 177/154), posterior of la 44/177; in pair 2 (NULL, la) "the" has
    ///   t = 5/11, 5/7 (sum 90/77), posterior of la 55/90 = 11/18. So c(the | la) = 220/437 + 11/18,
    ///   c(house | la) = 44/177, and t(the | la) = c(the | la) / (c(the | la) + c(house | la)).
    func testSecondIterationMatchesTheHandComputation() {
        let model = model(iterations: 2)
        XCTAssertEqual(model.probability(of: "green", given: "verde"), 60.0 / 101, accuracy: 1e-14)
        XCTAssertEqual(model.probability(of: "house", given: "verde"), 41.0 / 101, accuracy: 1e-14)
        let theLa = 220.0 / 437 + 11.0 / 18, houseLa = 44.0 / 177
        XCTAssertEqual(model.probability(of: "the", given: "la"), theLa / (theLa + houseLa), accuracy: 1e-14)
        XCTAssertEqual(model.probability(of: "house", given: "la"), houseLa / (theLa + houseLa), accuracy: 1e-14)
        XCTAssertEqual(model.mostLikelyTranslation(of: "verde")?.target, "green")
    }

    /// After one iteration "verde" is split evenly between "house" and "green": the tie goes to the target word seen
    /// first in the corpus ("house", in pair 1). The second iteration breaks it the right way (above).
    func testTiesGoToTheTargetWordSeenFirst() {
        let best = model(iterations: 1).mostLikelyTranslation(of: "verde")
        XCTAssertEqual(best?.target, "house")
        XCTAssertEqual(best?.probability, 0.5)
    }

    /// A word repeated in a sentence is one alignment position per occurrence. With pair ("a a", "x"), NULL and the two
    /// positions of "a" each get 1/3 of "x" in iteration 1, so c(x | a) = 2/3 and c(x | NULL) = 1/3; with a second
    /// pair ("b", "x y") adding c(x | NULL) = c(y | NULL) = 1/2: t(x | NULL) = (1/3 + 1/2) / (1/3 + 1) = 5/8.
    /// A repeated target word counts once per occurrence: ("c", "z z") gives c(z | c) = 2 · 1/2 = 1 and
    /// c(z | NULL) = 1, so t(z | NULL) = 1 / (5/6 + 1/2 + 1) = 3/7.
    func testRepeatedWordsCountOncePerOccurrence() {
        let model = WordBaseline.model(sourceLines: ["a a", "b"], targetLines: ["x", "x y"], iterations: 1)
        XCTAssertEqual(model.probability(of: "x", given: nil), 5.0 / 8, accuracy: 1e-14)
        XCTAssertEqual(model.probability(of: "x", given: "a"), 1, accuracy: 1e-14)
        let withRepeatedTarget = WordBaseline.model(sourceLines: ["a a", "b", "c"], targetLines: ["x", "x y", "z z"], iterations: 1)
        XCTAssertEqual(withRepeatedTarget.probability(of: "z", given: nil), 3.0 / 7, accuracy: 1e-14)
        XCTAssertEqual(withRepeatedTarget.probability(of: "z", given: "c"), 1, accuracy: 1e-14)
    }

    /// An empty source line leaves only NULL to explain the target; an empty target line contributes nothing.
    func testEmptyLines() {
        let model = WordBaseline.model(sourceLines: ["", "a"], targetLines: ["x", ""], iterations: 3)
        XCTAssertEqual(model.probability(of: "x", given: nil), 1)
        XCTAssertNil(model.mostLikelyTranslation(of: "a"))  // "a" saw no target word
        XCTAssertEqual(model.sourceVocabularySize, 1)
    }
}
