import TernModels
import TernNN
import TernTensor
import TernTestSupport
import XCTest

/// Tern's models loaded with the weights of tiny PyTorch models (Tests/Fixtures/golden, make_golden.py) must give the
/// same logits, loss, gradients, attention and greedy output: this catches every convention mismatch.
final class GoldenTests: XCTestCase {
    /// PyTorch keeps each sublayer's LayerNorm inside the sublayer; Tern keeps it beside it in the layer.
    static func transformerName(_ name: String) -> String {
        if name == "embed.weight" { return "src_embed.weight" }
        return name.replacingOccurrences(of: ".self_attn.norm.", with: ".self_attn_norm.")
            .replacingOccurrences(of: ".cross_attn.norm.", with: ".cross_attn_norm.")
            .replacingOccurrences(of: ".feed_forward.norm.", with: ".feed_forward_norm.")
    }

    func testTransformerMatchesPyTorch() throws {
        try checkTransformer(norm: .pre, fixture: GoldenFixture("transformer-tiny.json"))
    }

    /// The post-norm branch against make_postnorm.py's numpy reference (same weights; no final norms).
    func testPostNormTransformerMatchesReference() throws {
        try checkTransformer(norm: .post, fixture: GoldenFixture.postNorm(),
                             skipping: ["encoder.norm.weight", "encoder.norm.bias", "decoder.norm.weight", "decoder.norm.bias"])
    }

    func checkTransformer(norm: TransformerSettings.Norm, fixture: GoldenFixture, skipping: Set<String> = []) throws {
        let config = ModelConfig(dropout: 0, tiedEmbeddings: .all, architecture: .transformer(TransformerSettings(
            dModel: 16, heads: 2, dFF: 32, encoderLayers: 2, decoderLayers: 2, norm: norm, activation: .relu,
            layerNormEpsilon: 1e-6)))
        let model = try XCTUnwrap(ModelFactory.make(config, vocabularySize: 24) as? TransformerModel)
        model.train(false)
        let rename = GoldenTests.transformerName
        fixture.load(into: model, rename: rename, skipping: skipping)
        let output = assertMatchesGolden(model, fixture, rename: rename)

        let expected = fixture.attention
        for (name, got) in [("encoder_self", output.attention.encoderSelf), ("decoder_self", output.attention.decoderSelf),
                            ("decoder_cross", output.attention.cross)] {
            XCTAssertEqual(got.count, 2, name)
            for (layer, (a, b)) in zip(got, expected[name]!).enumerated() {
                XCTAssertEqual(a.shape, b.shape, "\(name) \(layer)")
                assertClose(a.scalars, b.scalars, absoluteTolerance: 1e-5, relativeTolerance: 0, "\(name) layer \(layer)")
                print("golden attention \(name) layer \(layer): max |Δ| \(zip(a.scalars, b.scalars).map { abs($0 - $1) }.max()!)")
            }
        }

        let decoded = greedy(model, source: fixture.batch("src"), steps: 8)
        XCTAssertEqual(decoded.tokens, fixture.greedyTokens)
        assertClose(decoded.logProbabilities.flatMap { $0 }, fixture.greedyLogProbabilities.flatMap { $0 },
                    absoluteTolerance: 1e-4, "greedy log-probabilities")
    }

    func testRNNMatchesPyTorch() throws {
        let fixture = try GoldenFixture("rnn-tiny.json")
        let config = ModelConfig(dropout: 0, tiedEmbeddings: .none, architecture: .rnn(RNNSettings(
            cell: .gru, embeddingSize: 8, encoderHidden: 8, decoderHidden: 12, attention: .bahdanau,
            inputFeeding: true, bridge: true)))
        let model = try XCTUnwrap(ModelFactory.make(config, vocabularySize: 24) as? RNNModel)
        model.train(false)
        let rename = { (name: String) -> String in
            name.replacingOccurrences(of: "encoder.forward.", with: "encoder.layers.0.forward.")
                .replacingOccurrences(of: "encoder.backward.", with: "encoder.layers.0.backward.")
                .replacingOccurrences(of: "decoder.cell.", with: "decoder.layers.0.")
        }
        fixture.load(into: model, rename: rename)
        let output = assertMatchesGolden(model, fixture, rename: rename)

        let expected = try XCTUnwrap(fixture.attention["decoder_cross"]?.first)
        let got = try XCTUnwrap(output.attention.cross.first)
        XCTAssertEqual(got.shape, [expected.shape[0], 1, expected.shape[1], expected.shape[2]])
        assertClose(got.scalars, expected.scalars, absoluteTolerance: 1e-5, relativeTolerance: 0, "RNN attention")
        print("golden attention rnn: max |Δ| \(zip(got.scalars, expected.scalars).map { abs($0 - $1) }.max()!)")

        let decoded = greedy(model, source: fixture.batch("src"), steps: 8)
        XCTAssertEqual(decoded.tokens, fixture.greedyTokens)
        assertClose(decoded.logProbabilities.flatMap { $0 }, fixture.greedyLogProbabilities.flatMap { $0 },
                    absoluteTolerance: 1e-4, "greedy log-probabilities")
    }
}
