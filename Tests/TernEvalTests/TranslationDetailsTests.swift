import Foundation
import TernEval
import XCTest

/// `TranslationDetails` on a set built so that every figure is known without running the code:
///
/// | line | source words (bucket) | reference | hypothesis | by construction |
/// |---|---|---|---|---|
/// | 1 | 3 (0-9) | one two three four | the same | identical: sentence chrF 100 |
/// | 2 | 12 (10-19) | ab ab | zz qq | no shared character: chrF 0; misses ab twice |
/// | 3 | 65 (60+) | the cat sat on the mat | the same | identical |
/// | 4 | 10 (10-19) | k l m n o p q r s t | its source, a b c … j | a copy; no shared character: chrF 0 |
/// | 5 | 25 (20-29) | the dog barks | the dog <unk> ×3 | three `<unk>`, a 3-gram three times |
/// | 6 | 2 (0-9) | a dog | the same | identical |
final class TranslationDetailsTests: XCTestCase {
    static let sources = [
        "uno dos tres", Array(repeating: "x", count: 12).joined(separator: " "),
        Array(repeating: "w", count: 65).joined(separator: " "), "a b c d e f g h i j",
        Array(repeating: "s", count: 25).joined(separator: " "), "le chien",
    ]
    static let references = [
        "one two three four", "ab ab", "the cat sat on the mat", "k l m n o p q r s t", "the dog barks", "a dog",
    ]
    static let hypotheses = [
        "one two three four", "zz qq", "the cat sat on the mat", "a  b c d e f g h i j",
        "the dog <unk> the dog <unk> the dog <unk>", "a dog",
    ]

    func details(sources: [String]? = TranslationDetailsTests.sources, worst: Int = 3) throws -> TranslationDetails {
        try TranslationDetails(hypotheses: Self.hypotheses, references: Self.references, sources: sources, worstCount: worst)
    }

    func testBucketsBySourceLength() throws {
        let buckets = try XCTUnwrap(try details().buckets)
        XCTAssertEqual(buckets.map(\.label), ["0-9", "10-19", "20-29", "60+"])
        XCTAssertEqual(buckets.map(\.segments), [2, 2, 1, 1])
        XCTAssertEqual(buckets.map(\.minimumWords), [0, 10, 20, 60])
        XCTAssertEqual(buckets.map(\.maximumWords), [9, 19, 29, nil])
        // Identical lines score 100, lines without a shared character 0.
        XCTAssertEqual(buckets[0].bleu, 100, accuracy: 1e-9)
        XCTAssertEqual(buckets[0].chrF, 100, accuracy: 1e-9)
        XCTAssertEqual(buckets[1].bleu, 0)
        XCTAssertEqual(buckets[1].chrF, 0)
        XCTAssertEqual(buckets[3].bleu, 100, accuracy: 1e-9)
        XCTAssertEqual(buckets[3].chrF, 100, accuracy: 1e-9)
        // Line 5 alone: 15 hypothesis tokens (13a splits `<unk>` into `<`, `unk`, `>`), 3 reference tokens; matches
        // 2/15 unigrams and 1/14 bigrams, none of 13 trigrams and 12 four-grams, which 'exp' smoothing turns into
        // 1/(2·13) and 1/(4·12); no brevity penalty. sacreBLEU 2.6.0 gives 5.255923420816887 for it.
        XCTAssertEqual(buckets[2].bleu, 5.255923420816887, accuracy: 1e-9)
        XCTAssertEqual(buckets[2].chrF, 27.00952214913982, accuracy: 1e-9)  // sacreBLEU's sentence chrF of line 5
    }

    func testWorstSentencesByChrFWithTiesInLineOrder() throws {
        let worst = try details().worst
        XCTAssertEqual(worst.map(\.line), [2, 4, 5])
        XCTAssertEqual(worst[0].chrF, 0)
        XCTAssertEqual(worst[1].chrF, 0)
        XCTAssertEqual(worst[2].chrF, 27.00952214913982, accuracy: 1e-9)
        XCTAssertEqual(worst[1].source, "a b c d e f g h i j")
        XCTAssertEqual(worst[1].reference, "k l m n o p q r s t")
        XCTAssertEqual(worst[1].hypothesis, "a  b c d e f g h i j")
        XCTAssertEqual(try details(worst: 0).worst, [])
        XCTAssertEqual(try details(worst: 100).worst.map(\.line), [2, 4, 5, 1, 3, 6])
    }

    func testMissedAndInsertedWordsAreClippedCounts() throws {
        let details = try details()
        // Missed: ab twice (line 2), barks (5), k … t once each (4); ties in code-point order, ten kept.
        XCTAssertEqual(details.missed.map(\.word), ["ab", "barks", "k", "l", "m", "n", "o", "p", "q", "r"])
        XCTAssertEqual(details.missed.map(\.count), [2, 1, 1, 1, 1, 1, 1, 1, 1, 1])
        // Inserted: line 5 has `the` and `dog` three times against once each in the reference, so two of each are
        // inserted; `<`, `unk`, `>` three times. Then a … j (line 4), qq and zz (line 2) once.
        XCTAssertEqual(details.inserted.map(\.word), ["<", ">", "unk", "dog", "the", "a", "b", "c", "d", "e"])
        XCTAssertEqual(details.inserted.map(\.count), [3, 3, 3, 2, 2, 1, 1, 1, 1, 1])
    }

    func testRatesAndCounts() throws {
        let details = try details()
        XCTAssertEqual(details.segments, 6)
        XCTAssertEqual(details.copies, 1)  // line 4, equal to its source once spaces are normalised
        XCTAssertEqual(details.copyRate!, 1.0 / 6.0, accuracy: 1e-12)
        XCTAssertEqual(details.hypothesisWords, 33)  // 4 + 2 + 6 + 10 + 9 + 2
        XCTAssertEqual(details.referenceWords, 27)  // 4 + 2 + 6 + 10 + 3 + 2
        XCTAssertEqual(details.unknownTokens, 3)
        XCTAssertEqual(details.unknownRate, 3.0 / 33.0, accuracy: 1e-12)
        XCTAssertEqual(details.lengthRatio, 33.0 / 27.0, accuracy: 1e-12)
        XCTAssertEqual(details.repetitions, 1)  // line 5 only; line 3 repeats `the` twice, a unigram
        XCTAssertEqual(details.repetitionRate, 1.0 / 6.0, accuracy: 1e-12)
    }

    func testRepetitionNeedsTheSameTrigramThreeTimes() throws {
        func repeats(_ hypothesis: String) throws -> Int {
            try TranslationDetails(hypotheses: [hypothesis], references: ["x"]).repetitions
        }
        XCTAssertEqual(try repeats("a b c a b c a b c"), 1)
        XCTAssertEqual(try repeats("a b c a b c a b"), 0)  // `a b c` twice only
        XCTAssertEqual(try repeats("a a a a a"), 1)  // `a a a` at three overlapping starts
        XCTAssertEqual(try repeats("a a a a"), 0)
        XCTAssertEqual(try repeats("the the the the"), 0)
    }

    func testWithoutSourcesThereAreNoBucketsOrCopies() throws {
        let details = try details(sources: nil)
        XCTAssertNil(details.buckets)
        XCTAssertNil(details.copies)
        XCTAssertNil(details.worst[0].source)
        XCTAssertTrue(details.formattedLines.contains("By source length: no source given (--src)"))
        XCTAssertFalse(details.formattedLines.contains { $0.hasPrefix("Copies") })
    }

    func testCopiesIgnoreEmptySources() throws {
        let details = try TranslationDetails(hypotheses: ["", "b  c"], references: ["a", "x"], sources: ["", " b c "])
        XCTAssertEqual(details.copies, 1)
    }

    func testMismatchedCountsAreRejected() {
        XCTAssertThrowsError(try TranslationDetails(hypotheses: ["a"], references: ["a"], sources: ["a", "b"])) {
            XCTAssertEqual($0 as? EvaluationError, .sourceCountMismatch(sourceCount: 2, referenceCount: 1))
        }
        XCTAssertThrowsError(try TranslationDetails(hypotheses: ["a"], references: [])) {
            XCTAssertEqual($0 as? EvaluationError, .lineCountMismatch(hypothesisCount: 1, referenceCount: 0))
        }
    }

    func testTextLines() throws {
        XCTAssertEqual(try details(worst: 2).formattedLines, [
            "Details: 6 segments",
            "By source length (words)  lines   BLEU  chrF2",
            "  0-9                         2 100.00 100.00",
            "  10-19                       2   0.00   0.00",
            "  20-29                       1   5.26  27.01",
            "  60+                         1 100.00 100.00",
            "Worst 2 by sentence chrF2:",
            "  line 2: chrF2 = 0.00",
            "    source:     x x x x x x x x x x x x",
            "    reference:  ab ab",
            "    hypothesis: zz qq",
            "  line 4: chrF2 = 0.00",
            "    source:     a b c d e f g h i j",
            "    reference:  k l m n o p q r s t",
            "    hypothesis: a  b c d e f g h i j",
            "Most often missed: ab ×2, barks ×1, k ×1, l ×1, m ×1, n ×1, o ×1, p ×1, q ×1, r ×1",
            "Most often inserted: < ×3, > ×3, unk ×3, dog ×2, the ×2, a ×1, b ×1, c ×1, d ×1, e ×1",
            "Copies of the source: 1 of 6 (16.67%) hypotheses",
            "<unk>: 3 of 33 (9.09%) hypothesis words",
            "Length ratio: 1.222 (33 hypothesis words / 27 reference words)",
            "Repeating a word 3-gram 3+ times: 1 of 6 (16.67%) hypotheses",
        ])
    }

    func testJSONObject() throws {
        let report = try MetricsReport(hypotheses: Self.hypotheses, references: Self.references, metrics: [.ter])
        let json = try report.jsonString(details: try details(worst: 1))
        let document = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        let details = try XCTUnwrap(document["details"] as? [String: Any])
        XCTAssertEqual(details["segments"] as? Int, 6)
        XCTAssertEqual(details["copies"] as? Int, 1)
        XCTAssertEqual(details["unk"] as? Int, 3)
        XCTAssertEqual(details["hypothesis_words"] as? Int, 33)
        XCTAssertEqual(details["reference_words"] as? Int, 27)
        XCTAssertEqual(details["repetitions"] as? Int, 1)
        XCTAssertEqual(details["repetition_order"] as? Int, 3)
        XCTAssertEqual(details["repetition_count"] as? Int, 3)
        XCTAssertEqual(details["length_ratio"] as? Double ?? 0, 33.0 / 27.0, accuracy: 1e-12)
        let buckets = try XCTUnwrap(details["buckets"] as? [[String: Any]])
        XCTAssertEqual(buckets.map { $0["label"] as? String }, ["0-9", "10-19", "20-29", "60+"])
        XCTAssertTrue(buckets[3]["max_words"] is NSNull)
        let worst = try XCTUnwrap(details["worst"] as? [[String: Any]])
        XCTAssertEqual(worst.first?["line"] as? Int, 2)
        XCTAssertEqual(worst.first?["hypothesis"] as? String, "zz qq")
        let missed = try XCTUnwrap(details["missed"] as? [[String: Any]])
        XCTAssertEqual(missed.first?["word"] as? String, "ab")
        XCTAssertEqual(missed.first?["count"] as? Int, 2)
        // Without --details the document has no `details` key.
        let plain = try JSONSerialization.jsonObject(with: Data(report.jsonString().utf8)) as? [String: Any]
        XCTAssertNil(plain?["details"])
        // 19 edits (2 + 10 substitutions, 1 substitution and 6 deletions on line 5) over 27 reference words.
        let ter = (document["metrics"] as? [String: [String: Any]])?["ter"]
        XCTAssertEqual(ter?["num_edits"] as? Int, 19)
        XCTAssertEqual(ter?["line"] as? String, "TER = 70.37")
    }
}
