import TernDecode
import TernModels
import TernTensor
import XCTest

/// The search invariants on real (tiny, random) models of both families, through their incremental states:
/// batched equals one by one, beam 1 equals greedy, and beam never scores below greedy.
final class ModelSearchTests: XCTestCase {
    func models() throws -> [any Seq2SeqModel] {
        let transformer = ModelConfig(dropout: 0, tiedEmbeddings: .all, architecture: .transformer(
            TransformerSettings(dModel: 16, heads: 2, dFF: 32, encoderLayers: 1, decoderLayers: 2)))
        let rnn = ModelConfig(dropout: 0, architecture: .rnn(RNNSettings(embeddingSize: 8, encoderHidden: 8, decoderHidden: 12)))
        return [try ModelFactory.make(transformer, vocabularySize: 30, seed: 3), try ModelFactory.make(rnn, vocabularySize: 30, seed: 4)]
    }

    func sources() -> [[Int32]] {
        var generator = SeededGenerator(seed: 11)
        return (0..<9).map { i in (0..<(2 + i % 5)).map { _ in Int32(4 + generator.next() % 26) } + [2] }
    }

    func testBatchedEqualsOneByOneAndBeamOfOneIsGreedy() throws {
        for model in try models() {
            for beam in [1, 3] {
                let settings = SearchSettings(beamSize: beam, lengthPenalty: 0.6, maxLengthRatio: 1, maxLengthOffset: 4,
                                              nBest: beam, collectAttention: true)
                let batched = translate(model: model, sources: sources(), settings: settings)
                for (index, source) in sources().enumerated() {
                    let alone = translate(model: model, sources: [source], settings: settings)[0]
                    XCTAssertEqual(alone.map(\.tokens), batched[index].map(\.tokens), "\(model.config.family) beam \(beam) sentence \(index)")
                    for (a, b) in zip(alone, batched[index]) { XCTAssertEqual(a.logProbability, b.logProbability, accuracy: 1e-4) }
                }
            }
            let greedy = translate(model: model, sources: sources(), settings: SearchSettings(beamSize: 1, maxLengthRatio: 1, maxLengthOffset: 4))
            // beam search itself with K = 1 (translate() would route it to greedy search)
            let beamOfOne = withoutGrad { () -> [[Hypothesis]] in
                model.train(false)
                let batch = TokenBatch(rows: sources())
                let state = model.initialState(model.encode(batch))
                return beamSearch(ModelStepDecoder(model: model), state: state, sourceLengths: batch.lengths,
                                  settings: SearchSettings(beamSize: 1, maxLengthRatio: 1, maxLengthOffset: 4))
            }
            XCTAssertEqual(greedy.map { $0[0].tokens }, beamOfOne.map { $0[0].tokens })
            let beam = translate(model: model, sources: sources(), settings: SearchSettings(beamSize: 4, maxLengthRatio: 1, maxLengthOffset: 4))
            for (g, b) in zip(greedy, beam) where g[0].finished {
                XCTAssertGreaterThanOrEqual(b[0].logProbability, g[0].logProbability - 1e-5)
            }
        }
    }
}
