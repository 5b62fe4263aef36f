import Foundation
import TernText
import XCTest

final class BPELearnerTests: XCTestCase {
    private func counts(_ words: [(String, Int)]) -> WordCounts {
        var counts = WordCounts()
        for (word, count) in words { counts.add(word: word, count: count) }
        return counts
    }

    func testMergesMostFrequentPairFirst() {
        let model = BPELearner(merges: 10, minimumFrequency: 1).learn(from: counts([("low", 5), ("lower", 2), ("newest", 6), ("widest", 3)]))
        // "es" occurs 6 + 3 = 9 times, more than any other pair.
        XCTAssertEqual(model[0].left, "e")
        XCTAssertEqual(model[0].right, "s")
        XCTAssertEqual(model[1].left, "es")
        XCTAssertEqual(model[1].right, "t")
        XCTAssertEqual(model.count, 10)
    }

    /// Equal counts are broken by symbol age: initial symbols in code-point order (the marker U+2581 after ASCII),
    /// merged symbols younger than all before them. Insertion order must not matter.
    func testTiesAreBrokenByTheDocumentedRuleWhateverTheInputOrder() {
        let expected = ["a b", "c d", "e f", "▁ ab", "▁ cd", "▁ ef"]
        var generator = SeededGenerator(seed: 3)
        for _ in 0..<5 {
            let words = [("ab", 5), ("cd", 5), ("ef", 5)].shuffled(using: &generator)
            let model = BPELearner(merges: 100, minimumFrequency: 1).learn(from: counts(words))
            XCTAssertEqual(model.merges.map { "\($0.left) \($0.right)" }, expected)
        }
    }

    func testLearningIsDeterministicOnTheCorpusEvenWhenShuffled() throws {
        let lines = Array(try bibleLines("train.es").prefix(1500))
        let learner = BPELearner(merges: 300, minimumFrequency: 2)
        let first = learner.learn(lines: lines, normalizer: Normalizer())
        let second = learner.learn(lines: lines, normalizer: Normalizer())
        XCTAssertEqual(first, second)
        var generator = SeededGenerator(seed: 99)
        let shuffled = learner.learn(lines: lines.shuffled(using: &generator), normalizer: Normalizer())
        XCTAssertEqual(first, shuffled)
        XCTAssertEqual(first.count, 300)
    }

    func testStopsAtMinimumFrequency() {
        let words = counts([("aaab", 3), ("cd", 1)])
        let model = BPELearner(merges: 100, minimumFrequency: 2).learn(from: words)
        XCTAssertFalse(model.merges.contains { $0.left == "c" || $0.right == "d" })
        XCTAssertGreaterThan(model.count, 0)
        // Every merge learned with a threshold is also learned, in the same order, without one.
        let unrestricted = BPELearner(merges: 100, minimumFrequency: 1).learn(from: words)
        XCTAssertEqual(Array(unrestricted.merges.prefix(model.count)).map { $0.left + "|" + $0.right }, model.merges.map { $0.left + "|" + $0.right })
        XCTAssertGreaterThan(unrestricted.count, model.count)
    }

    func testStopsAtTargetVocabularySize() throws {
        let lines = Array(try bibleLines("train.en").prefix(500))
        let counts = WordCounts(lines: lines, normalizer: Normalizer())
        let model = BPELearner(merges: 10_000, minimumFrequency: 1, targetVocabularySize: 400).learn(from: counts)
        let vocabulary = Vocabulary(model: model, wordCounts: counts)
        XCTAssertEqual(vocabulary.count, 400)
    }

    func testRepeatedSymbolsMergeLeftToRightWithoutOverlap() {
        // "a a" is counted at every position (3 times in "aaaa") but merged without overlap, left to right.
        let words = counts([("aaaa", 4), ("aaa", 1)])
        let model = BPELearner(merges: 1, minimumFrequency: 1).learn(from: words)
        XCTAssertEqual(model.merges.map { $0.left + "|" + $0.right }, ["a|a"])
        let vocabulary = Vocabulary(model: model, wordCounts: words)
        let encoder = BPEEncoder(model: model, vocabulary: vocabulary)
        XCTAssertEqual(encoder.pieces(ofWord: "aaa"), ["▁", "aa", "a"])
        XCTAssertEqual(encoder.pieces(ofWord: "aaaa"), ["▁", "aa", "aa"])
        XCTAssertEqual(vocabulary.frequency(at: vocabulary.id(of: "aa")), 4 * 2 + 1)
        XCTAssertEqual(vocabulary.frequency(at: vocabulary.id(of: "a")), 1)
    }

    func testLiteralMarkerIsNeverMerged() {
        let model = BPELearner(merges: 50, minimumFrequency: 1).learn(from: counts([("a▁b", 10), ("ab", 1)]))
        XCTAssertGreaterThan(model.count, 0)
        for merge in model.merges {
            // The marker may only open a symbol; a literal one inside would have been merged.
            let scalars = Array((merge.left + merge.right).unicodeScalars)
            XCTAssertFalse(scalars.dropFirst().contains("▁"), merge.left + merge.right)
        }
    }

    func testNoMergeSpellsASpecialToken() {
        let model = BPELearner(merges: 100, minimumFrequency: 1).learn(from: counts([("x<unk>y", 50), ("<s>", 40)]))
        let produced = Set(model.merges.map { $0.left + $0.right })
        for special in Vocabulary.specialTokens { XCTAssertFalse(produced.contains(special), special) }
        XCTAssertTrue(produced.contains("▁<s>"))
    }

    /// The learner written the slow, obvious way: recount every pair after every merge, pick the most frequent,
    /// break ties by symbol age (initial symbols in code-point order, merged symbols in order of creation).
    private func referenceMerges(_ counts: WordCounts, merges: Int, minimumFrequency: Int) -> [String] {
        let marker = "▁"
        var age: [String: Int] = [:]
        let alphabet = Set(counts.counts.keys.flatMap { $0.unicodeScalars.map { String($0) } } + [marker])
        for symbol in alphabet.sorted(by: { $0.unicodeScalars.first!.value < $1.unicodeScalars.first!.value }) { age[symbol] = age.count }
        // A literal marker in a word is a symbol apart that never pairs.
        let literal = "literal marker"
        var words = counts.counts.map { (symbols: [marker] + $0.key.unicodeScalars.map { $0 == "▁" ? literal : String($0) }, count: $0.value) }
        var learned: [String] = []
        var merged = Set<String>()
        while learned.count < merges {
            var pairCounts: [[String]: Int] = [:]
            for word in words {
                for index in 0..<(word.symbols.count - 1) {
                    let pair = [word.symbols[index], word.symbols[index + 1]]
                    if pair.contains(literal) { continue }
                    pairCounts[pair, default: 0] += word.count
                }
            }
            let best = pairCounts.filter { !Vocabulary.specialTokens.contains($0.key.joined()) }.max { a, b in
                if a.value != b.value { return a.value < b.value }
                return (age[a.key[0]]!, age[a.key[1]]!) > (age[b.key[0]]!, age[b.key[1]]!)
            }
            guard let best, best.value >= minimumFrequency else { break }
            let (left, right) = (best.key[0], best.key[1])
            if age[left + right] == nil { age[left + right] = age.count }
            if merged.insert(left + " " + right).inserted { learned.append(left + " " + right) }
            for index in words.indices {
                var output: [String] = []
                var position = 0
                let symbols = words[index].symbols
                while position < symbols.count {
                    if position + 1 < symbols.count, symbols[position] == left, symbols[position + 1] == right {
                        output.append(left + right)
                        position += 2
                    } else {
                        output.append(symbols[position])
                        position += 1
                    }
                }
                words[index].symbols = output
            }
        }
        return learned
    }

    func testAgreesWithNaiveReferenceOnRandomCorpora() {
        var generator = SeededGenerator(seed: 8)
        for round in 0..<6 {
            let alphabet = round % 2 == 0 ? ["a", "b", "c"] : ["a", "b", "n", "ñ", "▁", "<", ">"]
            var counts = WordCounts()
            for _ in 0..<40 {
                let word = (0..<Int.random(in: 1...9, using: &generator)).map { _ in alphabet.randomElement(using: &generator)! }.joined()
                counts.add(word: word, count: Int.random(in: 1...6, using: &generator))
            }
            let minimum = round < 3 ? 1 : 3
            let model = BPELearner(merges: 60, minimumFrequency: minimum).learn(from: counts)
            XCTAssertEqual(model.merges.map { $0.left + " " + $0.right }, referenceMerges(counts, merges: 60, minimumFrequency: minimum), "round \(round)")
        }
    }
}
