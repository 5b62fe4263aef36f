import TernModels
import TernNN
import TernTensor
import TernTestSupport
import XCTest

/// Incremental decoding equals the teacher-forced pass on the same prefix, and padding changes nothing.
final class DecodingInvariantTests: XCTestCase {
    static let configs: [(String, ModelConfig)] = [
        ("transformer pre-norm", TinyModels.transformer(norm: .pre, d: 16, layers: 2)),
        ("transformer post-norm learned", TinyModels.transformer(norm: .post, activation: .relu, tied: .decoder,
                                                                  positions: .learned, d: 16, layers: 2)),
        ("rnn gru bahdanau", TinyModels.rnn(cell: .gru, attention: .bahdanau, size: 8)),
        ("rnn lstm luong 2 layers", TinyModels.rnn(cell: .lstm, attention: .luongGeneral, layers: 2, size: 8)),
    ]

    func testIncrementalDecodingEqualsFullForward() {
        for (name, config) in Self.configs {
            var generator = SeededGenerator(seed: 21)
            let model = TinyModels.make(config, seed: 5)
            let source = TokenBatch(rows: TinyModels.rows([5, 3, 4], generator: &generator))
            let target = TokenBatch(rows: TinyModels.rows([6, 6, 6], startWithBOS: true, generator: &generator))
            let full = withoutGrad { model.forward(source: source, targetInput: target) }
            let vocabulary = model.targetVocabularySize
            var state = model.initialState(model.encode(source))
            var worst: Float = 0
            for t in 0..<target.length {
                let step = withoutGrad { model.decodeStep(target.column(t), state: state) }
                XCTAssertEqual(step.state.position, t + 1)
                for b in 0..<3 {
                    let expected = full.logits.scalars[((b * target.length + t) * vocabulary)..<((b * target.length + t + 1) * vocabulary)]
                    let got = step.logits.scalars[(b * vocabulary)..<((b + 1) * vocabulary)]
                    for (x, y) in zip(got, expected) { worst = max(worst, abs(x - y)) }
                }
                // The step's source attention is the full pass's row t, for every layer and head.
                for (layer, weights) in step.attention.enumerated() {
                    let fullLayer = full.attention.cross[layer]                                 // [batch, heads, target, source]
                    let row = fullLayer.permuted([2, 0, 1, 3]).slice(axis: 0, range: t..<(t + 1))
                    assertClose(weights.scalars, row.scalars, absoluteTolerance: 1e-5, "\(name) attention step \(t)")
                }
                state = step.state
            }
            XCTAssertLessThanOrEqual(worst, 1e-5, name)
            print("incremental vs full, \(name): max |Δlogit| \(worst)")
        }
    }

    /// Reordering the state (as beam search does) reorders the next step's outputs and nothing else.
    func testStateRowSelection() {
        for (name, config) in Self.configs {
            var generator = SeededGenerator(seed: 4)
            let model = TinyModels.make(config, seed: 6)
            let source = TokenBatch(rows: TinyModels.rows([4, 2], generator: &generator))
            withoutGrad {
                let first = model.decodeStep([1, 1], state: model.initialState(model.encode(source)))
                let reordered = first.state.selectingRows([1, 1, 0])
                let next = model.decodeStep([5, 5, 6], state: reordered)
                let direct = model.decodeStep([6, 5], state: first.state)
                let v = model.targetVocabularySize
                assertClose(Array(next.logits.scalars[0..<v]), Array(direct.logits.scalars[v..<(2 * v)]), absoluteTolerance: 1e-5, name)
                assertClose(Array(next.logits.scalars[(2 * v)..<(3 * v)]), Array(direct.logits.scalars[0..<v]), absoluteTolerance: 1e-5, name)
            }
        }
    }

    func testPaddingDoesNotChangeAnySentence() {
        for (name, config) in Self.configs {
            var generator = SeededGenerator(seed: 8)
            let model = TinyModels.make(config, seed: 7)
            let sources = TinyModels.rows([5, 2, 4], generator: &generator)
            let targets = TinyModels.rows([3, 6, 1], startWithBOS: true, generator: &generator)
            // Padded batch, with two extra columns of padding beyond the longest sentence on each side.
            let batched = withoutGrad {
                model.forward(source: TokenBatch(rows: sources, length: 7), targetInput: TokenBatch(rows: targets, length: 8))
            }
            let v = model.targetVocabularySize
            var worst: Float = 0
            for b in 0..<3 {
                let alone = withoutGrad {
                    model.forward(source: TokenBatch(rows: [sources[b]]), targetInput: TokenBatch(rows: [targets[b]]))
                }
                for t in 0..<targets[b].count {
                    let got = batched.logits.scalars[((b * 8 + t) * v)..<((b * 8 + t + 1) * v)]
                    let expected = alone.logits.scalars[(t * v)..<((t + 1) * v)]
                    for (x, y) in zip(got, expected) { worst = max(worst, abs(x - y)) }
                }
                // The source attention of a real target position puts (numerically) nothing on padding.
                for layer in batched.attention.cross {
                    let heads = layer.shape[1]
                    for h in 0..<heads {
                        for t in 0..<targets[b].count {
                            let rowStart = ((b * heads + h) * 8 + t) * 7
                            let onPadding = layer.scalars[(rowStart + sources[b].count)..<(rowStart + 7)].reduce(0, +)
                            XCTAssertLessThan(onPadding, 1e-30, name)
                        }
                    }
                }
            }
            XCTAssertLessThanOrEqual(worst, 1e-5, name)
            print("padding invariance, \(name): max |Δlogit| \(worst)")
        }
    }

    /// The RNN encoder's outputs at padding are exactly zero.
    func testRNNMemoryIsZeroAtPadding() {
        let model = TinyModels.make(TinyModels.rnn(size: 4))
        var generator = SeededGenerator(seed: 2)
        let source = TokenBatch(rows: TinyModels.rows([4, 2], generator: &generator), length: 5)
        let memory = withoutGrad { model.encode(source).memory }                                // [2, 5, 8]
        XCTAssertTrue(memory.scalars[(5 + 2) * 8..<(10 * 8)].allSatisfy { $0 == 0 })
        XCTAssertTrue(memory.scalars[(4 * 8)..<(5 * 8)].allSatisfy { $0 == 0 })
    }
}
