import Foundation
import TernText
import XCTest

final class VocabularyTests: XCTestCase {
    private func smallVocabulary() -> (BPEModel, Vocabulary, WordCounts) {
        let counts = WordCounts(lines: ["the cat sat on the mat", "the hat"], normalizer: Normalizer())
        let model = BPELearner(merges: 8, minimumFrequency: 2).learn(from: counts)
        return (model, Vocabulary(model: model, wordCounts: counts), counts)
    }

    func testSpecialIdsAreFixed() {
        let (_, vocabulary, _) = smallVocabulary()
        XCTAssertEqual(Vocabulary.specialTokens, ["<pad>", "<s>", "</s>", "<unk>"])
        XCTAssertEqual(vocabulary.id(of: "<pad>"), 0)
        XCTAssertEqual(vocabulary.id(of: "<s>"), 1)
        XCTAssertEqual(vocabulary.id(of: "</s>"), 2)
        XCTAssertEqual(vocabulary.id(of: "<unk>"), 3)
        XCTAssertEqual(Array(vocabulary.tokens.prefix(4)), Vocabulary.specialTokens)
        XCTAssertEqual(vocabulary.id(of: "never-seen"), Vocabulary.unknownId)
        XCTAssertEqual(vocabulary.token(at: 10_000), "<unk>")
    }

    func testLearnedTokensAreOrderedByFrequencyAndCoverEveryCharacter() {
        let (model, vocabulary, _) = smallVocabulary()
        let learned = Array(vocabulary.entries.dropFirst(4))
        for (earlier, later) in zip(learned, learned.dropFirst()) {
            XCTAssertTrue(earlier.frequency > later.frequency || (earlier.frequency == later.frequency && earlier.token.unicodeScalars.lexicographicallyPrecedes(later.token.unicodeScalars)))
        }
        for character in "thecasonm▁" { XCTAssertTrue(vocabulary.contains(String(character)), String(character)) }
        for merge in model.merges { XCTAssertTrue(vocabulary.contains(merge.left + merge.right)) }
        // "the" occurs three times as a whole word.
        XCTAssertEqual(vocabulary.frequency(at: vocabulary.id(of: "▁the")), 3)
    }

    func testEncodeAndDecode() {
        let (model, vocabulary, _) = smallVocabulary()
        let encoder = BPEEncoder(model: model, vocabulary: vocabulary)
        let pieces = encoder.pieces(ofWord: "the") + encoder.pieces(ofWord: "cat")
        XCTAssertFalse(pieces.contains("<unk>"))
        let ids = vocabulary.encode(pieces: pieces, appendEndOfSentence: true)
        XCTAssertEqual(ids.last, Vocabulary.endOfSentenceId)
        XCTAssertEqual(ids.count, pieces.count + 1)
        XCTAssertEqual(vocabulary.decode(ids), "the cat")
        // Decoding skips <pad> and <s>, stops at </s>, and keeps <unk> visible.
        let noisy = [Vocabulary.beginOfSentenceId] + ids.dropLast() + [Vocabulary.unknownId, Vocabulary.paddingId, Vocabulary.endOfSentenceId] + ids
        XCTAssertEqual(vocabulary.decode(noisy), "the cat<unk>")
        XCTAssertEqual(vocabulary.pieces(of: noisy), pieces + ["<unk>"])
    }

    func testRejectsMalformedEntries() {
        XCTAssertThrowsError(try Vocabulary(entries: [("<s>", 0), ("<pad>", 0), ("</s>", 0), ("<unk>", 0)]))
        XCTAssertThrowsError(try Vocabulary(entries: [("<pad>", 0), ("<s>", 0), ("</s>", 0)]))
        let specials = Vocabulary.specialTokens.map { (token: $0, frequency: 0) }
        XCTAssertThrowsError(try Vocabulary(entries: specials + [("a", 1), ("a", 2)]))
        XCTAssertThrowsError(try Vocabulary(entries: specials + [("", 1)]))
        XCTAssertThrowsError(try Vocabulary(entries: specials + [("b", -1)]))
        XCTAssertNoThrow(try Vocabulary(entries: specials + [("a", 1)]))
    }
}
