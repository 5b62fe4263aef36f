import Foundation
import TernText
import XCTest

final class BPEEncoderTests: XCTestCase {
    /// BPE application written the obvious way, on strings, after subword-nmt's `encode`: while any adjacent
    /// pair has a rank, merge every non-overlapping occurrence of the lowest-ranked one, left to right.
    private func referenceSegment(_ word: String, merges: [(left: String, right: String)]) -> [String] {
        var ranks: [String: Int] = [:]
        for (rank, merge) in merges.enumerated() where ranks["\(merge.left) \(merge.right)"] == nil {
            ranks["\(merge.left) \(merge.right)"] = rank
        }
        var symbols = ["▁"] + word.unicodeScalars.map { String($0) }
        while symbols.count > 1 {
            var best: (rank: Int, left: String, right: String)?
            for index in 0..<(symbols.count - 1) {
                if let rank = ranks["\(symbols[index]) \(symbols[index + 1])"], rank < best?.rank ?? Int.max {
                    best = (rank, symbols[index], symbols[index + 1])
                }
            }
            guard let best else { break }
            var merged: [String] = []
            var index = 0
            while index < symbols.count {
                if index + 1 < symbols.count, symbols[index] == best.left, symbols[index + 1] == best.right {
                    merged.append(best.left + best.right)
                    index += 2
                } else {
                    merged.append(symbols[index])
                    index += 1
                }
            }
            symbols = merged
        }
        return symbols
    }

    func testAgreesWithNaiveReferenceOnRandomWords() {
        var generator = SeededGenerator(seed: 5)
        let alphabet = Array("abcdeé").map(String.init)
        func randomWord() -> String {
            (0..<Int.random(in: 1...12, using: &generator)).map { _ in alphabet.randomElement(using: &generator)! }.joined()
        }
        var counts = WordCounts()
        for _ in 0..<400 { counts.add(word: randomWord(), count: Int.random(in: 1...20, using: &generator)) }
        let model = BPELearner(merges: 200, minimumFrequency: 1).learn(from: counts)
        XCTAssertGreaterThan(model.count, 100)
        let encoder = BPEEncoder(model: model, vocabulary: Vocabulary(model: model, wordCounts: counts))
        for _ in 0..<1000 {
            let word = randomWord()
            XCTAssertEqual(encoder.pieces(ofWord: word), referenceSegment(word, merges: model.merges), word)
        }
        // Handwritten merges with repeats and a duplicate result exercise the rank rule itself.
        let handwritten = try! BPEModel(merges: [("a", "b"), ("b", "c"), ("ab", "c"), ("a", "bc"), ("abc", "abc"), ("a", "b"), ("▁", "abc")])
        let everything = Vocabulary(tokenFrequencies: Dictionary(uniqueKeysWithValues: ["▁", "a", "b", "c", "ab", "bc", "abc", "abcabc", "▁abc"].map { ($0, 1) }))
        let handwrittenEncoder = BPEEncoder(model: handwritten, vocabulary: everything)
        for _ in 0..<300 {
            let word = (0..<Int.random(in: 1...10, using: &generator)).map { _ in ["a", "b", "c"].randomElement(using: &generator)! }.joined()
            XCTAssertEqual(handwrittenEncoder.pieces(ofWord: word), referenceSegment(word, merges: handwritten.merges), word)
        }
    }

    func testUnseenCharactersBecomeUnknown() {
        var counts = WordCounts()
        counts.add(word: "abc", count: 5)
        counts.add(word: "ab", count: 5)
        let model = BPELearner(merges: 10, minimumFrequency: 1).learn(from: counts)
        let vocabulary = Vocabulary(model: model, wordCounts: counts)
        let encoder = BPEEncoder(model: model, vocabulary: vocabulary)
        XCTAssertEqual(encoder.pieces(ofWord: "abc"), ["▁abc"])
        XCTAssertEqual(encoder.pieces(ofWord: "abz"), ["▁ab", "<unk>"])
        // A run of unknown scalars inside a word is one <unk>: here an emoji ZWJ sequence of five scalars.
        XCTAssertEqual(encoder.pieces(ofWord: "a👩\u{200D}👩\u{200D}👧b"), ["▁", "a", "<unk>", "b"])
        XCTAssertEqual(encoder.encode(word: "zz"), [vocabulary.id(of: "▁"), Vocabulary.unknownId])
        // A literal marker in text is never read as a word boundary.
        XCTAssertEqual(encoder.pieces(ofWord: "a▁b"), ["▁", "a", "<unk>", "b"])
        let tokenizer = SubwordTokenizer(model: model, vocabulary: vocabulary, normalizer: Normalizer())
        XCTAssertEqual(tokenizer.detokenize(tokenizer.tokenize("abc ab☃")), "abc ab<unk>")
    }

    func testCacheDoesNotChangeResults() {
        var counts = WordCounts()
        for word in ["tern", "terns", "stern", "turn"] { counts.add(word: word, count: 4) }
        let model = BPELearner(merges: 20, minimumFrequency: 1).learn(from: counts)
        let encoder = BPEEncoder(model: model, vocabulary: Vocabulary(model: model, wordCounts: counts))
        encoder.cacheLimit = 2
        let words = ["tern", "stern", "turns", "tern", "nets", "stern", "rest"]
        let first = words.map { encoder.encode(word: $0) }
        encoder.clearCache()
        XCTAssertEqual(words.map { encoder.encode(word: $0) }, first)
    }
}
