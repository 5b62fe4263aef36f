import TernModels
import TernNN
import TernTensor
import TernTestSupport
import XCTest

/// Parameter names, tying, completeness of the explicit walk, and seeded construction.
final class ModelStructureTests: XCTestCase {
    func testTiedTransformerEmbeddingsAreOneParameterStoredOnce() throws {
        let model = try XCTUnwrap(TinyModels.make(TinyModels.transformer(tied: .all)) as? TransformerModel)
        XCTAssertTrue(model.sourceEmbedding.weight === model.targetEmbedding.weight)
        XCTAssertTrue(model.output.weight === model.sourceEmbedding.weight)
        let names = model.namedParameters().map(\.0)
        XCTAssertEqual(names.filter { $0.hasSuffix("embed.weight") || $0.hasPrefix("output.") }, ["src_embed.weight"])
        XCTAssertEqual(Set(names).count, names.count)
        XCTAssertEqual(model.namedParameters().filter { $0.1 === model.output.weight }.count, 1)
        XCTAssertTrue(names.contains("encoder.layers.0.self_attn.q_proj.weight"))
        XCTAssertTrue(names.contains("decoder.layers.0.cross_attn.out_proj.bias"))
        XCTAssertTrue(names.contains("decoder.layers.0.feed_forward.linear1.weight"))
        XCTAssertTrue(names.contains("decoder.norm.weight"))

        let decoderTied = try XCTUnwrap(TinyModels.make(TinyModels.transformer(tied: .decoder)) as? TransformerModel)
        XCTAssertFalse(decoderTied.sourceEmbedding.weight === decoderTied.targetEmbedding.weight)
        XCTAssertTrue(decoderTied.output.weight === decoderTied.targetEmbedding.weight)
        let postNorm = try XCTUnwrap(TinyModels.make(TinyModels.transformer(norm: .post)) as? TransformerModel)
        XCTAssertFalse(postNorm.namedParameters().contains { $0.0.hasPrefix("encoder.norm") || $0.0.hasPrefix("decoder.norm") })
    }

    func testTiedRNNOutputIsTheTargetEmbedding() throws {
        let model = try XCTUnwrap(TinyModels.make(TinyModels.rnn(tied: .decoder)) as? RNNModel)
        XCTAssertTrue(model.decoder.output.weight === model.targetEmbedding.weight)
        XCTAssertFalse(model.namedParameters().contains { $0.0 == "decoder.output.weight" })
        XCTAssertEqual(model.namedParameters().map(\.0).prefix(4), [
            "src_embed.weight", "tgt_embed.weight", "encoder.layers.0.forward.weight_ih", "encoder.layers.0.forward.weight_hh",
        ])
    }

    func testEveryModelListsWhatItStores() {
        let configs = [
            TinyModels.transformer(norm: .pre, tied: .all), TinyModels.transformer(norm: .post, tied: .none, positions: .learned),
            TinyModels.rnn(cell: .gru, attention: .bahdanau, layers: 2), TinyModels.rnn(cell: .lstm, attention: .luongGeneral, tied: .all),
            TinyModels.rnn(attention: .luongDot, bridge: false),
        ]
        for config in configs { assertWalkListsEverythingStored(TinyModels.make(config)) }
    }

    func testSameSeedSameModel() {
        for config in [TinyModels.transformer(), TinyModels.rnn()] {
            let a = TinyModels.make(config, seed: 42), b = TinyModels.make(config, seed: 42), c = TinyModels.make(config, seed: 43)
            XCTAssertEqual(a.namedParameters().map { $0.1.value.scalars }, b.namedParameters().map { $0.1.value.scalars })
            XCTAssertNotEqual(a.namedParameters().map { $0.1.value.scalars }, c.namedParameters().map { $0.1.value.scalars })
        }
    }

    /// Dropout acts only in training mode, and evaluation mode is deterministic.
    func testTrainingModeControlsDropout() {
        for config in [TinyModels.transformer(d: 8, dropout: 0.3), TinyModels.rnn(size: 4, dropout: 0.3)] {
            let model = TinyModels.make(config)
            var generator = SeededGenerator(seed: 1)
            let source = TokenBatch(rows: TinyModels.rows([4, 3], generator: &generator))
            let target = TokenBatch(rows: TinyModels.rows([3, 3], startWithBOS: true, generator: &generator))
            let evalA = withoutGrad { model.forward(source: source, targetInput: target).logits.scalars }
            let evalB = withoutGrad { model.forward(source: source, targetInput: target).logits.scalars }
            XCTAssertEqual(evalA, evalB)
            model.train()
            let trained = withoutGrad { model.forward(source: source, targetInput: target).logits.scalars }
            XCTAssertNotEqual(trained, evalA)
        }
    }
}
