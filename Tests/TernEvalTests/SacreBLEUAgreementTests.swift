import Foundation
import TernEval
import XCTest

/// Tern's BLEU, chrF and TER against sacreBLEU 2.6.0's own output on every recorded case.
final class SacreBLEUAgreementTests: XCTestCase {
    func testFixturesComeFromTheReproducedVersion() throws {
        let file = try SacreBLEUCaseFile.load()
        XCTAssertEqual(file.sacrebleu_version, MetricSignature.sacreBLEUVersion)
        XCTAssertGreaterThanOrEqual(file.cases.count, 30)
    }

    func testTokenizerMatchesSacreBLEUOnRandomPunctuationStrings() throws {
        let file = try SacreBLEUCaseFile.load()
        XCTAssertGreaterThanOrEqual(file.tokenizer_cases.count, 100)
        let tokenizer = Tokenizer13a()
        for testCase in file.tokenizer_cases {
            // Compare code points: Swift's String equality would hide a normalisation difference.
            XCTAssertEqual(
                Array(tokenizer.tokenize(testCase.input).unicodeScalars), Array(testCase.tokens.unicodeScalars),
                "input \(testCase.input.debugDescription)")
        }
    }

    func testBLEUMatchesSacreBLEUOnEveryCase() throws {
        let file = try SacreBLEUCaseFile.load()
        let bleu = BLEU()
        var largestDifference = 0.0
        for testCase in file.cases {
            let expected = testCase.bleu
            let score = try bleu.corpusScore(hypotheses: testCase.hypotheses, references: testCase.references)
            let context = "case \(testCase.name)"
            XCTAssertEqual(score.hypothesisLength, expected.sys_len, context)
            XCTAssertEqual(score.referenceLength, expected.ref_len, context)
            XCTAssertEqual(score.matchingNGramCounts, expected.counts, context)
            XCTAssertEqual(score.hypothesisNGramCounts, expected.totals, context)
            XCTAssertEqual(score.score, expected.score, accuracy: 0.01, context)
            XCTAssertEqual(score.brevityPenalty, expected.bp, accuracy: 1e-9, context)
            XCTAssertEqual(score.ratio, expected.ratio, accuracy: 1e-9, context)
            XCTAssertEqual(score.precisions.count, expected.precisions.count, context)
            for (precision, expectedPrecision) in zip(score.precisions, expected.precisions) {
                XCTAssertEqual(precision, expectedPrecision, accuracy: 0.01, context)
                largestDifference = max(largestDifference, abs(precision - expectedPrecision))
            }
            XCTAssertEqual(score.formatted, expected.line, context)
            XCTAssertEqual(bleu.signature.description, expected.signature, context)
            largestDifference = max(largestDifference, abs(score.score - expected.score))
        }
        print("BLEU: \(file.cases.count) sacreBLEU cases, largest absolute difference \(largestDifference)")
    }

    func testChrFMatchesSacreBLEUOnEveryCase() throws {
        let file = try SacreBLEUCaseFile.load()
        let chrF = ChrF()
        var largestDifference = 0.0
        for testCase in file.cases {
            let score = try chrF.corpusScore(hypotheses: testCase.hypotheses, references: testCase.references)
            let context = "case \(testCase.name)"
            XCTAssertEqual(score.score, testCase.chrf.score, accuracy: 0.01, context)
            XCTAssertEqual(score.formatted, testCase.chrf.line, context)
            XCTAssertEqual(chrF.signature.description, testCase.chrf.signature, context)
            largestDifference = max(largestDifference, abs(score.score - testCase.chrf.score))
        }
        print("chrF: \(file.cases.count) sacreBLEU cases, largest absolute difference \(largestDifference)")
    }

    func testTERMatchesSacreBLEUOnEveryCase() throws {
        let file = try SacreBLEUCaseFile.load()
        var largestDifference = 0.0
        // The case-sensitive setting runs the same search on other words, so it is checked where sacreBLEU's two
        // settings disagree (at least the case-only cases), which keeps this debug-build test to seconds.
        let caseMatters = file.cases.filter { $0.ter.num_edits != $0.ter_case_sensitive.num_edits }
        XCTAssertGreaterThanOrEqual(caseMatters.count, 5)
        for (ter, checked) in [(TER(), file.cases.map { ($0, $0.ter) }),
                               (TER(caseSensitive: true), caseMatters.map { ($0, $0.ter_case_sensitive) })] {
            for (testCase, expected) in checked {
                let score = try ter.corpusScore(hypotheses: testCase.hypotheses, references: testCase.references)
                let context = "case \(testCase.name), case-sensitive \(ter.caseSensitive)"
                // The counts are integers and must agree exactly; the score is their quotient.
                XCTAssertEqual(score.edits, expected.num_edits, context)
                XCTAssertEqual(Double(score.referenceLength), expected.ref_length, context)
                XCTAssertEqual(score.score, expected.score, accuracy: 0.01, context)
                XCTAssertEqual(score.formatted, expected.line, context)
                XCTAssertEqual(ter.signature.description, expected.signature, context)
                largestDifference = max(largestDifference, abs(score.score - expected.score))
            }
        }
        print("TER: \(file.cases.count) sacreBLEU cases, \(caseMatters.count) also case-sensitive, largest absolute difference \(largestDifference)")
    }
}
