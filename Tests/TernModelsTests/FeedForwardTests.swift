import TernModels
import TernNN
import TernTensor
import TernTestSupport
import XCTest

/// The feed-forward block per activation: hand-computed leaky-ReLU values, SELU's initialisation and dropout, and
/// relu/gelu blocks drawn from the generator exactly as before SELU had its own initialisation.
final class FeedForwardTests: XCTestCase {
    func testLeakyReluBlockOnAConstructedInput() {
        var generator = SeededGenerator(seed: 1)
        let block = FeedForward(dModel: 2, dFF: 3, activation: .leakyRelu, dropout: 0, generator: &generator)
        block.linear1.weight.value = Tensor(shape: [3, 2], values: [1, 0, 0, 1, 1, 1])
        block.linear1.bias!.value = Tensor(shape: [3], values: [0, 0.5, -1])
        block.linear2.weight.value = Tensor(shape: [2, 3], values: [1, 1, 1, 2, 0, -1])
        block.linear2.bias!.value = Tensor(shape: [2], values: [0, 0.25])
        let x = Tensor(shape: [2, 2], values: [1, -2, 0.5, 3])
        // Row 1: hidden (1, −1.5, −2) → leaky (1, −0.015, −0.02) → (1 − 0.015 − 0.02, 2 + 0.02 + 0.25).
        // Row 2: hidden (0.5, 3.5, 2.5), all positive, unchanged → (6.5, 1 − 2.5 + 0.25).
        assertClose(block(x).scalars, [0.965, 2.27, 6.5, -1.25], absoluteTolerance: 1e-6)
        XCTAssertEqual(FeedForward.leakyReluSlope, 0.01)
    }

    func standardDeviation(_ parameter: Parameter) -> Double {
        let values = parameter.value.scalars.map(Double.init)
        let mean = values.reduce(0, +) / Double(values.count)
        return (values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(values.count)).squareRoot()
    }

    func testSeluBlockHasLeCunNormalWeightsAndAlphaDropout() throws {
        var generator = SeededGenerator(seed: 5)
        let selu = FeedForward(dModel: 64, dFF: 256, activation: .selu, dropout: 0.1, generator: &generator)
        // LeCun: std 1/√fan_in = 1/8 and 1/16. (Xavier would give √(2/320) ≈ 0.079 for both.)
        XCTAssertEqual(standardDeviation(selu.linear1.weight), 0.125, accuracy: 0.003)
        XCTAssertEqual(standardDeviation(selu.linear2.weight), 0.0625, accuracy: 0.0015)
        XCTAssertEqual(selu.linear1.bias!.value.scalars, Array(repeating: 0, count: 256))
        let alpha = try XCTUnwrap(selu.activationDropout as? AlphaDropout)
        XCTAssertEqual(alpha.rate, 0.1)

        let relu = FeedForward(dModel: 64, dFF: 256, activation: .relu, dropout: 0.1, generator: &generator)
        XCTAssertEqual(standardDeviation(relu.linear1.weight), 0.079, accuracy: 0.002)
        XCTAssertEqual(standardDeviation(relu.linear2.weight), 0.079, accuracy: 0.002)
        XCTAssertFalse(relu.activationDropout is AlphaDropout)
    }

    /// relu, gelu and leaky_relu blocks: Xavier-uniform weight 1, weight 2 (zero biases draw nothing), then the
    /// dropout seed, in that order — the stream relu/gelu models were built from before, so they stay bit-identical.
    func testOtherActivationsDrawTheSameStreamAsBefore() {
        for activation: TransformerSettings.Activation in [.relu, .gelu, .leakyRelu] {
            var generator = SeededGenerator(seed: 8), expected = SeededGenerator(seed: 8)
            let block = FeedForward(dModel: 4, dFF: 6, activation: activation, dropout: 0.2, generator: &generator)
            XCTAssertEqual(block.linear1.weight.value.scalars, Initializer.xavierUniform().make([6, 4], generator: &expected).scalars)
            XCTAssertEqual(block.linear2.weight.value.scalars, Initializer.xavierUniform().make([4, 6], generator: &expected).scalars)
            XCTAssertEqual(block.activationDropout.generator, SeededGenerator(seed: expected.next()))
            XCTAssertEqual(generator, expected, "\(activation) drew more than before")
            XCTAssertFalse(block.activationDropout is AlphaDropout)
        }
    }

    func testLeakyReluAndSeluTransformersBuildAndRun() throws {
        for activation: TransformerSettings.Activation in [.leakyRelu, .selu] {
            let model = try XCTUnwrap(TinyModels.make(TinyModels.transformer(activation: activation, d: 8, dropout: 0.2)) as? TransformerModel)
            assertWalkListsEverythingStored(model)
            XCTAssertTrue(model.encoder.layers.allSatisfy { $0.feedForward.activation == activation })
            var generator = SeededGenerator(seed: 1)
            let source = TokenBatch(rows: TinyModels.rows([4, 3], generator: &generator))
            let target = TokenBatch(rows: TinyModels.rows([3, 3], startWithBOS: true, generator: &generator))
            model.train()
            let logits = withoutGrad { model.forward(source: source, targetInput: target).logits }
            XCTAssertEqual(logits.shape, [2, 3, TinyModels.vocabularySize])
            XCTAssertTrue(logits.scalars.allSatisfy(\.isFinite))
            // A run's saved dropout generators are those of the modules that are `Dropout`s: with selu the
            // feed-forward blocks' alpha dropouts are among them, under their usual names.
            let dropouts = model.namedModules().filter { $0.1 is Dropout }.map(\.0)
            let alpha = model.namedModules().filter { $0.1 is AlphaDropout }.map(\.0)
            XCTAssertTrue(dropouts.contains("encoder.layers.0.feed_forward.dropout"))
            XCTAssertEqual(alpha, activation == .selu ? dropouts.filter { $0.hasSuffix("feed_forward.dropout") } : [])
            XCTAssertEqual(alpha.count, activation == .selu ? 2 : 0)
        }
    }
}
