import Foundation
import TernModels
import TernNN
import TernTensor
import XCTest

/// The self-normalising property SELU is chosen for (Klambauer et al. 2017), measured at initialisation: through a
/// deep stack with LeCun-normal weights, activations keep mean ≈ 0 and variance ≈ 1 at every layer, while ReLU with
/// its default (Xavier) initialisation drifts. Input: standard-normal rows.
final class SelfNormalizationTests: XCTestCase {
    static let width = 256, depth = 32, rows = 512

    struct Moments: CustomStringConvertible {
        let mean: Double, variance: Double
        init(_ tensor: Tensor) {
            // Two passes in Double: ReLU's variances fall to 1e-12, where Σx²/n − mean² would be all rounding.
            let count = Double(tensor.count)
            let mean = tensor.withUnsafeBufferPointer { values in values.reduce(0.0) { $0 + Double($1) } } / count
            self.mean = mean
            variance = tensor.withUnsafeBufferPointer { values in
                values.reduce(0.0) { $0 + (Double($1) - mean) * (Double($1) - mean) }
            } / count
        }
        var description: String { String(format: "(%.3f, %.3g)", mean, variance) }
    }

    func standardNormalInput(seed: UInt64) -> Tensor {
        var generator = SeededGenerator(seed: seed)
        return Tensor.normal([Self.rows, Self.width], generator: &generator)
    }

    /// Each layer's activation moments through `depth` layers of x ← activation(linear(x)).
    func stackMoments(_ layers: [Linear], _ activation: (Tensor) -> Tensor, input: Tensor) -> [Moments] {
        withoutGrad {
            var x = input
            return layers.map { layer in
                x = activation(layer(x))
                return Moments(x)
            }
        }
    }

    func testSeluStackWithLeCunNormalStaysNormalisedWhileReluDrifts() {
        var generator = SeededGenerator(seed: 31)
        let input = standardNormalInput(seed: 32)
        let seluLayers = (0..<Self.depth).map { _ in Linear(Self.width, Self.width, weightInit: .lecunNormal, generator: &generator) }
        let reluLayers = (0..<Self.depth).map { _ in Linear(Self.width, Self.width, generator: &generator) }
        let selu = stackMoments(seluLayers, { $0.selu() }, input: input)
        let relu = stackMoments(reluLayers, { $0.relu() }, input: input)
        print("SELU + LeCun-normal, (mean, variance) per layer: \(selu)")
        print("ReLU + Xavier-uniform, (mean, variance) per layer: \(relu)")
        for (index, moments) in selu.enumerated() {
            XCTAssertEqual(moments.mean, 0, accuracy: 0.1, "SELU layer \(index + 1)")
            XCTAssertTrue((0.8...1.2).contains(moments.variance), "SELU layer \(index + 1): variance \(moments.variance)")
        }
        // ReLU: the mean leaves ±0.1 at the first layer (E relu(z) = σ/√(2π)), and the second moment halves at every
        // layer (Xavier on a square layer keeps the variance, ReLU halves E x²), so the variance vanishes with depth.
        XCTAssertGreaterThan(relu[0].mean, 0.3)
        XCTAssertLessThan(relu[15].variance, 1e-3)
        XCTAssertLessThan(relu[Self.depth - 1].variance, 1e-7)
    }

    /// The Transformer's own blocks, stacked without residuals or norms, in training mode with activation dropout
    /// 0.1: SELU (LeCun-normal, alpha dropout) keeps every block's output and hidden activation normalised; ReLU
    /// (Xavier, ordinary dropout) drifts.
    func testSeluFeedForwardBlocksStayNormalisedWithAlphaDropout() {
        let (dModel, dFF, blocks) = (64, 256, 16)
        var generator = SeededGenerator(seed: 41)
        let selu = (0..<blocks).map { _ in FeedForward(dModel: dModel, dFF: dFF, activation: .selu, dropout: 0.1, generator: &generator) }
        let relu = (0..<blocks).map { _ in FeedForward(dModel: dModel, dFF: dFF, activation: .relu, dropout: 0.1, generator: &generator) }
        var inputGenerator = SeededGenerator(seed: 42)
        let input = Tensor.normal([1024, dModel], generator: &inputGenerator)
        func run(_ stack: [FeedForward]) -> (hidden: [Moments], output: [Moments]) {
            withoutGrad {
                var x = input
                var hidden: [Moments] = [], output: [Moments] = []
                for block in stack {
                    block.train()
                    hidden.append(Moments(block.linear1(x).selu()))
                    x = block(x)
                    output.append(Moments(x))
                }
                return (hidden, output)
            }
        }
        let seluMoments = run(selu)
        print("SELU feed-forward blocks with alpha dropout, (mean, variance) of each output: \(seluMoments.output)")
        for index in 0..<blocks {
            for (what, moments) in [("hidden", seluMoments.hidden[index]), ("output", seluMoments.output[index])] {
                XCTAssertEqual(moments.mean, 0, accuracy: 0.1, "SELU block \(index + 1) \(what)")
                XCTAssertTrue((0.8...1.2).contains(moments.variance), "SELU block \(index + 1) \(what): variance \(moments.variance)")
            }
        }
        let reluOutputs = run(relu).output
        print("ReLU feed-forward blocks with dropout, (mean, variance) of each output: \(reluOutputs)")
        XCTAssertLessThan(reluOutputs[blocks - 1].variance, 1e-3)
    }
}
