import TernBaseline
import TernEval
import XCTest

/// Which hypotheses each baseline is scored with, on a dev set whose scores are known without computing them.
final class BaselineScoresTests: XCTestCase {
    /// A hand-built table that translates the dev source perfectly, and a source sharing no character with the
    /// reference: the word baseline scores 100 on both metrics, copying 0.
    func testPerfectTranslationAndDisjointCopy() throws {
        let table = WordBaseline(entries: ["a": .init(target: "x", probability: 1), "b": .init(target: "y", probability: 1),
                                           "c": .init(target: "z", probability: 1)], iterations: 1)
        // "w" is unknown to the table, so it is copied, and the reference has it too.
        let scores = try BaselineScores(baseline: table, sources: ["a b c w", "c a"], references: ["x y z w", "z x"])
        XCTAssertEqual(scores.segmentCount, 2)
        XCTAssertEqual(scores.wordBaseline.bleu.score, 100, accuracy: 1e-12)
        XCTAssertEqual(scores.wordBaseline.chrF.score, 100, accuracy: 1e-12)
        // Copying matches only the unigram "w": 1 of 6 unigrams, 0 of 4 bigrams, 0 of 2 trigrams, 0 of 1 four-gram.
        XCTAssertEqual(scores.copy.bleu.matchingNGramCounts, [1, 0, 0, 0])
        XCTAssertEqual(scores.copy.bleu.hypothesisNGramCounts, [6, 4, 2, 1])
        XCTAssertEqual(scores.lines, [
            "copy: \(scores.copy.bleu.formatted)",
            "copy: \(scores.copy.chrF.formatted)",
            "model1: BLEU = 100.00 100.0/100.0/100.0/100.0 (BP = 1.000 ratio = 1.000 hyp_len = 6 ref_len = 6)",
            "model1: chrF2 = 100.00",
        ])
        XCTAssertTrue(scores.lines[0].hasPrefix("copy: BLEU = "))
        XCTAssertTrue(scores.lines[1].hasPrefix("copy: chrF2 = "))
    }

    func testDisjointCopyScoresZero() throws {
        let scores = try BaselineScores(baseline: WordBaseline(entries: [:], iterations: 1), sources: ["a b c d"], references: ["x y z w"])
        XCTAssertEqual(scores.copy.bleu.score, 0)
        XCTAssertEqual(scores.copy.chrF.score, 0)
        XCTAssertEqual(scores.wordBaseline, scores.copy)  // an empty table copies every word
    }

    func testLineCountsMustAgree() {
        XCTAssertThrowsError(try BaselineScores(baseline: WordBaseline(entries: [:], iterations: 1), sources: ["a", "b"], references: ["a"])) { error in
            XCTAssertEqual(error as? EvaluationError, .lineCountMismatch(hypothesisCount: 2, referenceCount: 1))
        }
    }
}
