import TernDecode
import TernTensor
import XCTest

/// A deterministic stand-in for a model: each row's next-token distribution is a pseudo-random function of its
/// sentence and its whole prefix, with `</s>` growing likelier as the output gets longer. Its state is the prefix,
/// so `select` must carry the right rows for the searches to score what they think they score.
struct ToyDecoder: StepDecoder {
    struct State { var rows: [(sentence: Int, prefix: [Int32])] }
    let vocabulary = 12
    let endToken: Int32 = 2

    func start(sentences: [Int]) -> State { State(rows: sentences.map { ($0, []) }) }

    func step(tokens: [Int32], state: State) -> DecoderStepOutput<State> {
        precondition(tokens.count == state.rows.count)
        var logits = [Float]()
        var attention = [Float]()
        var next = state
        for (r, row) in state.rows.enumerated() {
            let prefix = row.prefix + [tokens[r]]
            next.rows[r].prefix = prefix
            var hash = UInt64(row.sentence) &* 0x9E37_79B9_7F4A_7C15
            for t in prefix { hash = (hash ^ UInt64(t)) &* 0xBF58_476D_1CE4_E5B9 }
            for v in 0..<vocabulary {
                var z = hash ^ UInt64(v) &* 0x94D0_49BB_1331_11EB
                z = (z ^ (z >> 31)) &* 0xD6E8_FEB8_6659_FD93
                var value = Float(z >> 40) / Float(1 << 24) * 4
                if v == Int(endToken) { value += Float(prefix.count) * 0.35 - 1.5 }
                if v < 2 { value = -30 }  // never <pad> or <s>
                logits.append(value)
            }
            attention += [Float(prefix.count), Float(row.sentence), Float(tokens[r])]
        }
        let logProbabilities = Tensor(shape: [state.rows.count, vocabulary], values: logits).logSoftmax()
        return DecoderStepOutput(logProbabilities: logProbabilities, state: next,
                                 attention: Tensor(shape: [state.rows.count, 3], values: attention))
    }

    func select(_ state: State, rows: [Int]) -> State { State(rows: rows.map { state.rows[$0] }) }

    /// The model's log-probability of a given output (to check the scores the searches report).
    func score(sentence: Int, tokens: [Int32], finished: Bool) -> Float {
        var state = start(sentences: [sentence])
        var previous: Int32 = 1, total: Float = 0
        for token in tokens + (finished ? [endToken] : []) {
            let out = step(tokens: [previous], state: state)
            total += out.logProbabilities.scalars[Int(token)]
            state = out.state
            previous = token
        }
        return total
    }
}

final class SearchTests: XCTestCase {
    let decoder = ToyDecoder()
    let sentences = Array(0..<60)
    func lengths(_ s: [Int]) -> [Int] { s.map { 3 + $0 % 9 } }

    func testBeamOfOneIsGreedy() {
        let settings = SearchSettings(beamSize: 1, collectAttention: true)
        let greedy = greedySearch(decoder, state: decoder.start(sentences: sentences), sourceLengths: lengths(sentences), settings: settings)
        let beam = beamSearch(decoder, state: decoder.start(sentences: sentences), sourceLengths: lengths(sentences), settings: settings)
        XCTAssertEqual(beam.map { $0[0] }, greedy)
    }

    func testBatchedEqualsOneByOne() {
        for beamSize in [1, 4] {
            let settings = SearchSettings(beamSize: beamSize, lengthPenalty: 0.6, nBest: beamSize, collectAttention: true)
            let batched = beamSearch(decoder, state: decoder.start(sentences: sentences), sourceLengths: lengths(sentences), settings: settings)
            for s in sentences {
                let alone = beamSearch(decoder, state: decoder.start(sentences: [s]), sourceLengths: lengths([s]), settings: settings)
                XCTAssertEqual(alone[0], batched[s], "sentence \(s), beam \(beamSize)")
            }
        }
        let settings = SearchSettings()
        let greedy = greedySearch(decoder, state: decoder.start(sentences: sentences), sourceLengths: lengths(sentences), settings: settings)
        for s in sentences {
            XCTAssertEqual(greedySearch(decoder, state: decoder.start(sentences: [s]), sourceLengths: lengths([s]), settings: settings)[0], greedy[s])
        }
    }

    func testReportedScoresAreTheModelsAndBeamIsNeverWorseThanGreedy() {
        let greedy = greedySearch(decoder, state: decoder.start(sentences: sentences), sourceLengths: lengths(sentences), settings: SearchSettings())
        let beam = beamSearch(decoder, state: decoder.start(sentences: sentences), sourceLengths: lengths(sentences),
                              settings: SearchSettings(beamSize: 5, nBest: 5))
        var better = 0
        for s in sentences {
            let g = greedy[s], b = beam[s][0]
            XCTAssertEqual(g.logProbability, decoder.score(sentence: s, tokens: g.tokens, finished: g.finished), accuracy: 1e-4)
            XCTAssertEqual(b.logProbability, decoder.score(sentence: s, tokens: b.tokens, finished: b.finished), accuracy: 1e-4)
            if g.finished && b.finished {
                XCTAssertGreaterThanOrEqual(b.logProbability, g.logProbability - 1e-5, "sentence \(s)")
                if b.logProbability > g.logProbability + 1e-5 { better += 1 }
            }
            let scores = beam[s].map(\.score)
            XCTAssertEqual(scores, scores.sorted(by: >), "n-best sorted")
            XCTAssertEqual(Set(beam[s].map(\.tokens)).count, beam[s].count, "n-best distinct")
        }
        XCTAssertGreaterThan(better, 0, "beam search should find better outputs than greedy on some sentences")
    }

    func testMaximumLengthAndAttentionRows() {
        let settings = SearchSettings(beamSize: 3, maxLengthRatio: 0, maxLengthOffset: 2, collectAttention: true)
        for hypotheses in beamSearch(decoder, state: decoder.start(sentences: sentences), sourceLengths: lengths(sentences), settings: settings) {
            for h in hypotheses {
                XCTAssertLessThanOrEqual(h.tokens.count + (h.finished ? 1 : 0), 2)
                XCTAssertEqual(h.attention.count, h.tokens.count + (h.finished ? 1 : 0))
                // the attention row of step t was produced with t tokens already in the prefix
                XCTAssertEqual(h.attention.map { $0[0] }, (0..<h.attention.count).map { Float($0 + 1) })
            }
        }
    }
}
