@testable import TernDecode
import TernModels
import TernTensor
import XCTest

/// No-repeat n-grams, the repetition penalty and sampling, on the toy decoder and on a tiny real model.
final class SearchOptionsTests: XCTestCase {
    let decoder = ToyDecoder()
    let sentences = Array(0..<60)
    func lengths(_ s: [Int]) -> [Int] { s.map { 6 + $0 % 9 } }

    func ngrams(_ tokens: [Int32], _ n: Int) -> [[Int32]] {
        tokens.count < n ? [] : (0...(tokens.count - n)).map { Array(tokens[$0..<($0 + n)]) }
    }

    func hasRepeatedNgram(_ tokens: [Int32], _ n: Int) -> Bool {
        let all = ngrams(tokens, n)
        return Set(all).count != all.count
    }

    /// The toy's 12-token vocabulary (10 usable) makes repeats common without the setting, so both directions are
    /// checked: repeats exist when off, never when on — for greedy and every n-best entry of a beam.
    func testNoRepeatNgramNeverEmitsARepeatedNgram() {
        for n in [1, 2, 3] {
            var off = SearchSettings(beamSize: 4, maxLengthRatio: 2, maxLengthOffset: 4, nBest: 4)
            off.minLength = 8
            var on = off
            on.noRepeatNgram = n
            for beam in [1, 4] {
                off.beamSize = beam; on.beamSize = beam
                off.nBest = beam; on.nBest = beam
                let without = beamSearch(decoder, state: decoder.start(sentences: sentences), sourceLengths: lengths(sentences), settings: off)
                let with = beamSearch(decoder, state: decoder.start(sentences: sentences), sourceLengths: lengths(sentences), settings: on)
                let repeatsWithout = without.joined().filter { hasRepeatedNgram($0.tokens, n) }.count
                XCTAssertGreaterThan(repeatsWithout, 0, "n \(n) beam \(beam): the test needs repeats to forbid")
                for hypothesis in with.joined() {
                    XCTAssertFalse(hasRepeatedNgram(hypothesis.tokens, n), "n \(n) beam \(beam): \(hypothesis.tokens)")
                }
                let greedy = greedySearch(decoder, state: decoder.start(sentences: sentences), sourceLengths: lengths(sentences), settings: on)
                for hypothesis in greedy { XCTAssertFalse(hasRepeatedNgram(hypothesis.tokens, n), "greedy n \(n): \(hypothesis.tokens)") }
            }
        }
    }

    func testBannedTokensCompleteAnEarlierNgram() {
        XCTAssertEqual(LogitProcessing.bannedByNgram([5, 6, 7, 5, 6], n: 3), [7])
        XCTAssertEqual(LogitProcessing.bannedByNgram([5, 6, 5, 6, 5], n: 2).sorted(), [6, 6])
        XCTAssertEqual(LogitProcessing.bannedByNgram([5, 6, 7], n: 2), [])
        XCTAssertEqual(LogitProcessing.bannedByNgram([], n: 2), [])
        XCTAssertEqual(LogitProcessing.bannedByNgram([4, 9], n: 1), [4, 9])
    }

    /// CTranslate2's and Hugging Face's rule: a positive logit of a seen token is divided by the penalty, a
    /// negative one multiplied, each seen token once; unseen tokens and other rows are untouched.
    func testRepetitionPenaltyDividesPositiveAndMultipliesNegativeLogits() {
        var scores = Tensor(shape: [2, 4], values: [2, -1, 0.5, 3, 2, -1, 0.5, 3])
        var settings = SearchSettings()
        settings.repetitionPenalty = 2
        LogitProcessing.apply(&scores, prefixes: [0: [0, 1, 1]], settings: settings)
        XCTAssertEqual(scores.scalars, [1, -2, 0.5, 3, 2, -1, 0.5, 3])
    }

    func testRepetitionPenaltyReducesRepeats() {
        var settings = SearchSettings(maxLengthRatio: 2, maxLengthOffset: 4)
        settings.minLength = 10
        let plain = greedySearch(decoder, state: decoder.start(sentences: sentences), sourceLengths: lengths(sentences), settings: settings)
        settings.repetitionPenalty = 50
        let penalised = greedySearch(decoder, state: decoder.start(sentences: sentences), sourceLengths: lengths(sentences), settings: settings)
        func repeats(_ hypotheses: [Hypothesis]) -> Int { hypotheses.map { $0.tokens.count - Set($0.tokens).count }.reduce(0, +) }
        print("repeated tokens over 60 outputs: \(repeats(plain)) plain, \(repeats(penalised)) with penalty 50")
        XCTAssertLessThan(repeats(penalised), repeats(plain) / 2)
        // and the reported score is that of the penalised distribution: below the plain output's on some sentence
        XCTAssertNotEqual(plain.map(\.tokens), penalised.map(\.tokens))
    }

    func testSamplingIsReproducibleAndTopKOneIsGreedy() {
        var settings = SearchSettings(maxLengthRatio: 1, maxLengthOffset: 4)
        settings.sampling = Sampling(topK: 0, topP: 1, temperature: 1, seed: 7)
        let first = greedySearch(decoder, state: decoder.start(sentences: sentences), sourceLengths: lengths(sentences), settings: settings)
        let again = greedySearch(decoder, state: decoder.start(sentences: sentences), sourceLengths: lengths(sentences), settings: settings)
        XCTAssertEqual(first, again, "same seed, same outputs")
        settings.sampling!.seed = 8
        let other = greedySearch(decoder, state: decoder.start(sentences: sentences), sourceLengths: lengths(sentences), settings: settings)
        XCTAssertNotEqual(first.map(\.tokens), other.map(\.tokens), "another seed, other outputs")
        let plain = greedySearch(decoder, state: decoder.start(sentences: sentences), sourceLengths: lengths(sentences), settings: SearchSettings(maxLengthRatio: 1, maxLengthOffset: 4))
        XCTAssertNotEqual(first.map(\.tokens), plain.map(\.tokens), "sampling is not greedy")
        // the scores are the model's log-probabilities of what was drawn
        for (s, h) in zip(sentences, first) {
            XCTAssertEqual(h.logProbability, decoder.score(sentence: s, tokens: h.tokens, finished: h.finished), accuracy: 1e-4)
        }
        for seed in [UInt64(1), 99] {
            settings.sampling = Sampling(topK: 1, temperature: 1.7, seed: seed)
            XCTAssertEqual(greedySearch(decoder, state: decoder.start(sentences: sentences), sourceLengths: lengths(sentences), settings: settings), plain)
        }
        // top-p so small that only the best token is left is greedy too
        settings.sampling = Sampling(topP: 1e-6, seed: 3)
        XCTAssertEqual(greedySearch(decoder, state: decoder.start(sentences: sentences), sourceLengths: lengths(sentences), settings: settings), plain)
    }

    /// Low temperature concentrates the draws on the best token; top-k 2 draws only among the best two.
    func testTemperatureAndTopKShapeTheDraws() {
        var sampler = TokenSampler(sampling: Sampling(topK: 2, seed: 5), sentences: 1)
        let scores = Tensor(shape: [1, 5], values: [0, 3, 2.5, -1, 1])
        var seen = Set<Int32>()
        for _ in 0..<200 { seen.insert(sampler.draw(sentence: 0, scores: scores, row: 0, logSumExp: 0, excluded: -1).0) }
        XCTAssertEqual(seen, [1, 2])
        var cold = TokenSampler(sampling: Sampling(temperature: 0.01, seed: 5), sentences: 1)
        XCTAssertTrue((0..<200).allSatisfy { _ in cold.draw(sentence: 0, scores: scores, row: 0, logSumExp: 0, excluded: -1).0 == 1 })
        var excluded = TokenSampler(sampling: Sampling(temperature: 0.01, seed: 5), sentences: 1)
        XCTAssertEqual(excluded.draw(sentence: 0, scores: scores, row: 0, logSumExp: 0, excluded: 1).0, 2)
    }

    /// Without the greedy path carried along, beam 1 is still greedy, and wider beams still return sorted,
    /// correctly scored n-best lists — only the guarantee against greedy is gone.
    func testBeamWithoutTheGreedyPath() {
        var settings = SearchSettings(beamSize: 1)
        settings.keepsGreedyPath = false
        let greedy = greedySearch(decoder, state: decoder.start(sentences: sentences), sourceLengths: lengths(sentences), settings: SearchSettings())
        XCTAssertEqual(beamSearch(decoder, state: decoder.start(sentences: sentences), sourceLengths: lengths(sentences), settings: settings).map { $0[0] }, greedy)
        settings = SearchSettings(beamSize: 4, nBest: 4)
        settings.keepsGreedyPath = false
        for (s, hypotheses) in zip(sentences, beamSearch(decoder, state: decoder.start(sentences: sentences), sourceLengths: lengths(sentences), settings: settings)) {
            XCTAssertEqual(hypotheses.count, 4)
            XCTAssertEqual(hypotheses.map(\.score), hypotheses.map(\.score).sorted(by: >))
            for h in hypotheses { XCTAssertEqual(h.logProbability, decoder.score(sentence: s, tokens: h.tokens, finished: h.finished), accuracy: 1e-4) }
        }
    }

    /// The options through a real model: beam with no-repeat on the incremental Transformer state.
    func testOptionsOnATinyTransformer() throws {
        let config = ModelConfig(dropout: 0, tiedEmbeddings: .all, architecture: .transformer(
            TransformerSettings(dModel: 16, heads: 2, dFF: 32, encoderLayers: 1, decoderLayers: 2)))
        let model = try ModelFactory.make(config, vocabularySize: 14, seed: 3)
        var generator = SeededGenerator(seed: 12)
        let sources: [[Int32]] = (0..<8).map { i in (0..<(3 + i % 4)).map { _ in Int32(4 + generator.next() % 10) } + [2] }
        var settings = SearchSettings(beamSize: 3, maxLengthRatio: 2, maxLengthOffset: 6, nBest: 3)
        settings.minLength = 10
        settings.noRepeatNgram = 2
        for hypotheses in translate(model: model, sources: sources, settings: settings) {
            for h in hypotheses { XCTAssertFalse(hasRepeatedNgram(h.tokens, 2), "\(h.tokens)") }
        }
        settings = SearchSettings(maxLengthRatio: 2, maxLengthOffset: 6)
        let greedy = translate(model: model, sources: sources, settings: settings)
        settings.sampling = Sampling(topK: 1, seed: 4)
        XCTAssertEqual(translate(model: model, sources: sources, settings: settings), greedy)
    }
}
