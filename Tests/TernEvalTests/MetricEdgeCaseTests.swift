import Foundation
import TernEval
import XCTest

private func threadCPUSeconds(_ body: () throws -> Void) rethrows -> Double {
    func now() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
    }
    let start = now()
    try body()
    return now() - start
}

/// Behaviour at the edges that the sacreBLEU cases also cover, stated here so a failure reads as a rule.
final class MetricEdgeCaseTests: XCTestCase {
    func testPerfectMatchScoresOneHundred() throws {
        let lines = ["The quick brown fox jumps over the lazy dog.", "¿Dónde está la estación?"]
        XCTAssertEqual(try BLEU().corpusScore(hypotheses: lines, references: lines).score, 100, accuracy: 1e-9)
        XCTAssertEqual(try ChrF().corpusScore(hypotheses: lines, references: lines).score, 100, accuracy: 1e-9)
    }

    func testAllEmptyCorpusScoresZeroWithUnitBrevityPenalty() throws {
        let bleu = try BLEU().corpusScore(hypotheses: ["", ""], references: ["", ""])
        XCTAssertEqual(bleu.formatted, "BLEU = 0.00 0.0/0.0/0.0/0.0 (BP = 1.000 ratio = 0.000 hyp_len = 0 ref_len = 0)")
        XCTAssertEqual(try ChrF().corpusScore(hypotheses: ["", ""], references: ["", ""]).formatted, "chrF2 = 0.00")
        // No segments at all is accepted too (sacreBLEU itself would fail on it).
        XCTAssertEqual(try BLEU().corpusScore(hypotheses: [], references: []).score, 0)
        XCTAssertEqual(try ChrF().corpusScore(hypotheses: [], references: []).score, 0)
    }

    func testEmptyHypothesesHaveZeroBrevityPenalty() throws {
        let bleu = try BLEU().corpusScore(hypotheses: [""], references: ["a cat"])
        XCTAssertEqual(bleu.brevityPenalty, 0)
        XCTAssertEqual(bleu.referenceLength, 2)
    }

    func testExpSmoothingHalvesEachFurtherEmptyOrder() {
        // 10 unigrams with 5 matches, then zero matches at orders 2, 3 and 4 over 9, 8 and 7 n-grams:
        // precisions are 100/(2·9), 100/(4·8), 100/(8·7) — not a fixed floor.
        let statistics = BLEUStatistics(
            hypothesisLength: 10, referenceLength: 10, matchingNGramCounts: [5, 0, 0, 0], hypothesisNGramCounts: [10, 9, 8, 7])
        let score = BLEU.score(from: statistics)
        XCTAssertEqual(score.precisions[0], 50, accuracy: 1e-12)
        XCTAssertEqual(score.precisions[1], 100.0 / 18, accuracy: 1e-12)
        XCTAssertEqual(score.precisions[2], 100.0 / 32, accuracy: 1e-12)
        XCTAssertEqual(score.precisions[3], 100.0 / 56, accuracy: 1e-12)
    }

    func testCorpusWithoutFourGramsScoresZero() throws {
        // Every segment is shorter than four tokens: sacreBLEU stops at the empty order and the score is 0.
        let score = try BLEU().corpusScore(hypotheses: ["the cat"], references: ["the cat"])
        XCTAssertEqual(score.formatted, "BLEU = 0.00 100.0/100.0/0.0/0.0 (BP = 1.000 ratio = 1.000 hyp_len = 2 ref_len = 2)")
    }

    func testClippingLimitsRepeatedWordsToTheirReferenceCount() throws {
        let score = try BLEU().corpusScore(hypotheses: ["the the the the the the the"], references: ["the cat is on the mat"])
        XCTAssertEqual(score.matchingNGramCounts[0], 2)
        XCTAssertEqual(score.hypothesisNGramCounts[0], 7)
    }

    func testMismatchedSegmentCountsAreRejected() {
        XCTAssertThrowsError(try BLEU().corpusScore(hypotheses: ["a"], references: [])) { error in
            XCTAssertEqual(error as? EvaluationError, .lineCountMismatch(hypothesisCount: 1, referenceCount: 0))
        }
        XCTAssertThrowsError(try ChrF().corpusScore(hypotheses: [], references: ["a"]))
    }

    func testSignatures() {
        XCTAssertEqual(BLEU().signature.description, "nrefs:1|case:mixed|eff:no|tok:13a|smooth:exp|version:2.6.0")
        XCTAssertEqual(ChrF().signature.description, "nrefs:1|case:mixed|eff:yes|nc:6|nw:0|space:no|version:2.6.0")
    }

    func testScoringAThousandSentencesIsFast() throws {
        let corpus = Fixtures.repositoryRoot.appendingPathComponent("corpora/bible-en-es")
        var references = try CorpusFile.readLines(atPath: corpus.appendingPathComponent("test.es").path)
        references += try CorpusFile.readLines(atPath: corpus.appendingPathComponent("dev.es").path)
        references = Array(references.prefix(1000))
        XCTAssertEqual(references.count, 1000)
        // A deterministic perturbation: drop every fifth word.
        let hypotheses = references.map { line in
            line.split(separator: " ").enumerated().filter { $0.offset % 5 != 4 }.map(\.element).joined(separator: " ")
        }
        // Thread CPU time, not wall time: the machine is shared with other builds, and waiting for a core is not
        // the scorer's cost.
        var bleu: BLEUScore?
        let bleuSeconds = try threadCPUSeconds { bleu = try BLEU().corpusScore(hypotheses: hypotheses, references: references) }
        var chrF: ChrFScore?
        let chrFSeconds = try threadCPUSeconds { chrF = try ChrF().corpusScore(hypotheses: hypotheses, references: references) }
        print("1000 sentences, CPU seconds: BLEU \(bleuSeconds), chrF \(chrFSeconds)")
        XCTAssertGreaterThan(bleu?.score ?? 0, 0)
        XCTAssertGreaterThan(chrF?.score ?? 0, 0)
        XCTAssertLessThan(bleuSeconds + chrFSeconds, 1)
    }
}
