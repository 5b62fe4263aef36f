import Foundation
import TernText
import XCTest

/// BPE-dropout against an independent string implementation of subword-nmt's `encode(…, dropout)` that draws its
/// random numbers in the same order; and the properties training relies on.
final class BPEDropoutTests: XCTestCase {
    /// subword-nmt's loop on strings: at each step every adjacent pair with a rank is kept unless a uniform draw in
    /// [0, 1) falls below `dropout`; the lowest-ranked kept pair is merged at its kept occurrences, left to right,
    /// skipping overlaps; no kept pair ends the word.
    func referenceSegment(_ word: String, ranks: [String: Int], dropout: Double, generator: inout SeededGenerator) -> [String] {
        var symbols = ["▁"] + word.unicodeScalars.map { String($0) }
        while symbols.count > 1 {
            var kept: [(rank: Int, position: Int)] = []
            for index in 0..<(symbols.count - 1) {
                guard let rank = ranks["\(symbols[index]) \(symbols[index + 1])"] else { continue }
                let draw = Double(generator.next() >> 11) / 9_007_199_254_740_992  // 2^53
                if draw >= dropout { kept.append((rank, index)) }
            }
            guard let best = kept.min(by: { $0.rank < $1.rank }) else { break }
            let positions = Set(kept.filter { $0.rank == best.rank }.map(\.position))
            var merged: [String] = []
            var index = 0
            while index < symbols.count {
                if positions.contains(index), index + 1 < symbols.count {
                    merged.append(symbols[index] + symbols[index + 1])
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

    /// A model and vocabulary learned on 300 lines of the Bible corpus.
    static let learned: SubwordTokenizer = {
        let lines = try! bibleLines("train.en").prefix(150) + bibleLines("train.es").prefix(150)
        var counts = WordCounts()
        for line in lines { for word in Normalizer().words(line) { counts.add(word: String(word), count: 1) } }
        let model = BPELearner(merges: 400, minimumFrequency: 2).learn(from: counts)
        return SubwordTokenizer(model: model, vocabulary: Vocabulary(model: model, wordCounts: counts), normalizer: Normalizer())
    }()

    func pieces(_ text: String, dropout: Double, seed: UInt64) -> [String] {
        var generator = SeededGenerator(seed: seed)
        return Self.learned.encode(normalized: text, dropout: dropout, generator: &generator).map { Self.learned.vocabulary.token(at: $0) }
    }

    func testAgreesWithTheReferenceDrawForDraw() throws {
        let tokenizer = Self.learned
        let words = try bibleLines("train.en")[150..<170].flatMap { Normalizer().words($0).map(String.init) }
        var ranks: [String: Int] = [:]  // "left right" → rank; the first rank of a repeated merge applies
        for (rank, merge) in tokenizer.model.merges.enumerated() where ranks["\(merge.left) \(merge.right)"] == nil {
            ranks["\(merge.left) \(merge.right)"] = rank
        }
        for dropout in [0.1, 0.5] {
            var ours = SeededGenerator(seed: 11), theirs = SeededGenerator(seed: 11)
            for word in words {
                let pieces = tokenizer.encode(normalized: word, dropout: dropout, generator: &ours).map { tokenizer.vocabulary.token(at: $0) }
                XCTAssertEqual(pieces, referenceSegment(word, ranks: ranks, dropout: dropout, generator: &theirs), word)
            }
        }
    }

    func testRateZeroIsPlainBPEAndRateOneLeavesCharacters() {
        let text = "In the beginning God created the heavens and the earth."
        XCTAssertEqual(pieces(text, dropout: 0, seed: 1), Self.learned.tokenize(text))
        XCTAssertEqual(pieces("the earth.", dropout: 1, seed: 1), ["▁", "t", "h", "e", "▁", "e", "a", "r", "t", "h", "."])
    }

    func testDroppedSegmentationsDecodeToTheWordsAndVaryWithTheSeed() throws {
        let lines = try bibleLines("train.es")[200..<230].map { Normalizer().normalize($0) }
        var segmentations: [UInt64: [[String]]] = [:]
        for seed: UInt64 in [1, 2] {
            segmentations[seed] = lines.map { pieces($0, dropout: 0.1, seed: seed) }
            for (line, segmented) in zip(lines, segmentations[seed]!) {
                XCTAssertEqual(Self.learned.detokenize(segmented), line)
                XCTAssertFalse(segmented.contains(Vocabulary.unknownToken))
            }
        }
        XCTAssertEqual(lines.map { pieces($0, dropout: 0.1, seed: 1) }, segmentations[1]!, "same seed, same segmentation")
        XCTAssertNotEqual(segmentations[1]!, segmentations[2]!)
        // Dropping merges can only split: never fewer pieces than plain BPE.
        for (line, segmented) in zip(lines, segmentations[1]!) {
            XCTAssertGreaterThanOrEqual(segmented.count, Self.learned.tokenize(line).count)
        }
        XCTAssertGreaterThan(segmentations[1]!.joined().count, lines.map { Self.learned.tokenize($0).count }.reduce(0, +))
    }

    /// A reserved word (a back-translation tag) is one token with or without dropout, and learning never saw it.
    func testReservedWordsStayWholeUnderDropout() {
        let models = SubwordModels(config: SubwordConfig(), source: Self.learned, target: Self.learned).reserving([("<BT>", 7)])
        let tokenizer = models.source
        XCTAssertEqual(models.config.reservedWords, ["<BT>"])
        XCTAssertEqual(tokenizer.vocabulary.count, Self.learned.vocabulary.count + 1)
        XCTAssertEqual(tokenizer.vocabulary.frequency(at: tokenizer.vocabulary.id(of: "▁<BT>")), 7)
        XCTAssertEqual(tokenizer.tokenize("<BT> the earth."), ["▁<BT>"] + Self.learned.tokenize("the earth."))
        var generator = SeededGenerator(seed: 3)
        let dropped = tokenizer.encode(normalized: "<BT> the earth.", dropout: 1, generator: &generator).map { tokenizer.vocabulary.token(at: $0) }
        XCTAssertEqual(dropped, ["▁<BT>", "▁", "t", "h", "e", "▁", "e", "a", "r", "t", "h", "."])
        // Inside another word, or without the reservation, the tag is just characters.
        XCTAssertNotEqual(Self.learned.tokenize("<BT>"), ["▁<BT>"])
        XCTAssertNotEqual(tokenizer.tokenize("x<BT>").last, "▁<BT>")
    }
}
