import Foundation
import TernText
import XCTest

/// The central property: `detokenize(tokenize(x)) == normalize(x)`, scalar for scalar, for covered input.
final class RoundTripTests: XCTestCase {
    /// Whether every scalar of normalized text is a vocabulary token, i.e. was seen in training.
    private func isCovered(_ normalized: String, by vocabulary: Vocabulary) -> Bool {
        normalized.unicodeScalars.allSatisfy { $0 == " " || vocabulary.contains(String($0)) }
    }

    private func assertRoundTrip(_ line: String, _ tokenizer: SubwordTokenizer, file: StaticString = #filePath, lineNumber: UInt = #line) {
        let normalized = tokenizer.normalizer.normalize(line)
        let pieces = tokenizer.tokenize(line)
        XCTAssertFalse(pieces.contains(Vocabulary.unknownToken), line.debugDescription, file: file, line: lineNumber)
        assertSameScalars(tokenizer.detokenize(pieces), normalized, line.debugDescription, file: file, line: lineNumber)
        assertSameScalars(tokenizer.decode(tokenizer.encode(line, appendEndOfSentence: true)), normalized, line.debugDescription, file: file, line: lineNumber)
    }

    func testShippedCorpusRoundTrips() throws {
        let english = try bibleLines("train.en"), spanish = try bibleLines("train.es")
        // Every 10th line keeps training fast in debug builds while spanning the whole Bible.
        let sample = stride(from: 0, to: english.count, by: 10)
        let models = SubwordModels.learn(
            config: SubwordConfig(merges: 400, minFrequency: 2, joint: true),
            sourceLines: sample.map { english[$0] }, targetLines: sample.map { spanish[$0] }
        )
        var generator = SeededGenerator(seed: 21)
        var held = try bibleLines("dev.en") + bibleLines("dev.es") + bibleLines("test.es")
        held.shuffle(using: &generator)
        let trainLines = (0..<200).map { _ in Bool.random(using: &generator) ? english.randomElement(using: &generator)! : spanish.randomElement(using: &generator)! }
        var covered = 0, uncovered = 0
        for line in trainLines + held.prefix(300) {
            let normalized = models.source.normalizer.normalize(line)
            if isCovered(normalized, by: models.source.vocabulary) {
                covered += 1
                assertRoundTrip(line, models.source)
            } else {
                uncovered += 1
                XCTAssertTrue(models.source.tokenize(line).contains(Vocabulary.unknownToken), line)
            }
        }
        XCTAssertGreaterThan(covered, 450, "too few covered lines to test anything (\(uncovered) uncovered)")
    }

    func testSeparateVocabulariesRoundTrip() throws {
        let english = Array(try bibleLines("train.en").prefix(800)), spanish = Array(try bibleLines("train.es").prefix(800))
        let models = SubwordModels.learn(config: SubwordConfig(merges: 200, joint: false, lowercase: true), sourceLines: english, targetLines: spanish)
        XCTAssertFalse(models.source === models.target)
        XCTAssertNotEqual(models.source.vocabulary, models.target.vocabulary)
        for line in english.prefix(100) { assertRoundTrip(line, models.source) }
        for line in spanish.prefix(100) { assertRoundTrip(line, models.target) }
        XCTAssertEqual(models.target.tokenize("ÑANDÚ").joined().unicodeScalars.filter { $0 != "▁" }.map(String.init).joined(), "ñandú")
    }

    func testRandomUnicodeRoundTrips() {
        var generator = SeededGenerator(seed: 42)
        // Training text holds every fragment and every pair of fragments, since NFC can compose across a fragment
        // border ("ü" + U+0301 → "ǘ"), so nearly all random text is covered.
        let fragments = RandomText.fragments
        var training = [fragments.joined(separator: " "), RandomText.separators.joined(separator: "x")]
        training += fragments.map { first in fragments.map { first + $0 }.joined(separator: " ") }
        training += (0..<300).map { _ in RandomText.line(using: &generator) }
        for joint in [true, false] {
            let models = SubwordModels.learn(config: SubwordConfig(merges: 300, minFrequency: 2, joint: joint), sourceLines: training, targetLines: training.reversed())
            var covered = 0
            for _ in 0..<300 {
                let line = RandomText.line(using: &generator)
                if isCovered(models.target.normalizer.normalize(line), by: models.target.vocabulary) {
                    covered += 1
                    assertRoundTrip(line, models.target)
                } else {
                    XCTAssertTrue(models.target.tokenize(line).contains(Vocabulary.unknownToken), line.debugDescription)
                }
            }
            XCTAssertGreaterThan(covered, 290)
        }
    }
}
