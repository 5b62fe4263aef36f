import Foundation
import TernNN
import TernTensor
import TernTestSupport
import XCTest

/// Alpha dropout against the paper's constants, its mean-0 / variance-1 property on a large sample, evaluation mode,
/// and its gradient.
final class AlphaDropoutTests: XCTestCase {
    /// SELU of standard-normal values: SELU's constants are chosen so that this has mean 0 and variance 1, the input
    /// alpha dropout is designed for.
    func seluOfStandardNormal(_ count: Int, seed: UInt64) -> Tensor {
        var generator = SeededGenerator(seed: seed)
        return Tensor.normal([count], generator: &generator).selu()
    }

    func meanAndVariance(_ values: [Float]) -> (mean: Double, variance: Double) {
        let mean = values.reduce(0.0) { $0 + Double($1) } / Double(values.count)
        let variance = values.reduce(0.0) { $0 + (Double($1) - mean) * (Double($1) - mean) } / Double(values.count)
        return (mean, variance)
    }

    func testConstantsAreThePapers() {
        // α′ = −λα with λ = 1.0507009873554805, α = 1.6732632423543772 (Klambauer et al. 2017).
        XCTAssertEqual(AlphaDropout.saturation, -1.7580993408473766, accuracy: 1e-15)
        // a = (q + α′² q (1 − q))^(−1/2), b = −a (1 − q) α′, worked out in Python (float64) for q = 0.9 and q = 0.5.
        let tenth = AlphaDropout(rate: 0.1, seed: 1)
        XCTAssertEqual(tenth.scale, 0.9212845161497115, accuracy: 1e-7)
        XCTAssertEqual(tenth.shift, 0.16197097005757016, accuracy: 1e-7)
        XCTAssertEqual(tenth.droppedValue, -1.457738730518132, accuracy: 1e-6)
        let half = AlphaDropout(rate: 0.5, seed: 1)
        XCTAssertEqual(half.scale, 0.886404894665932, accuracy: 1e-7)
        XCTAssertEqual(half.shift, 0.7791939305180317, accuracy: 1e-7)
        XCTAssertEqual(half.droppedValue, -0.7791939305180317, accuracy: 1e-6)
    }

    func testEachUnitIsKeptAffinelyOrSetToTheDroppedValue() {
        let layer = AlphaDropout(rate: 0.5, seed: 3)
        let x = Tensor(shape: [4, 250]) { values in for i in values.indices { values[i] = Float(i % 7) - 3 } }
        let out = layer(x).scalars
        var droppedCount = 0
        for (input, output) in zip(x.scalars, out) {
            if output == -0.7791939305180317 as Float {
                droppedCount += 1
            } else {
                // Kept: a·x + b with the Python values of a and b.
                XCTAssertEqual(output, 0.886404894665932 * input + 0.7791939305180317, accuracy: 1e-5)
            }
        }
        // Binomial(1000, 0.5): standard deviation ≈ 16.
        XCTAssertEqual(Double(droppedCount), 500, accuracy: 60)
    }

    func testTrainingKeepsMeanZeroAndVarianceOneOnALargeSample() {
        let x = seluOfStandardNormal(1_000_000, seed: 21)
        let input = meanAndVariance(x.scalars)
        // The premise: SELU maps N(0, 1) to mean 0, variance 1.
        XCTAssertEqual(input.mean, 0, accuracy: 0.01)
        XCTAssertEqual(input.variance, 1, accuracy: 0.02)
        for rate: Float in [0.1, 0.3, 0.5] {
            let output = meanAndVariance(AlphaDropout(rate: rate, seed: 5)(x).scalars)
            print("alpha dropout \(rate): input (mean, variance) \(input), output \(output)")
            // One million samples: the standard error of the mean is ≈ 0.001 and of the variance ≈ 0.003.
            XCTAssertEqual(output.mean, 0, accuracy: 0.01, "rate \(rate)")
            XCTAssertEqual(output.variance, 1, accuracy: 0.02, "rate \(rate)")
        }
        // The tolerance tells the two apart: ordinary inverted dropout at rate 0.1 gives variance 1/0.9 ≈ 1.11.
        let ordinary = meanAndVariance(Dropout(rate: 0.1, seed: 5)(x).scalars)
        print("ordinary dropout 0.1: output \(ordinary)")
        XCTAssertGreaterThan(ordinary.variance, 1.08)
    }

    func testIdentityInEvaluationModeAndAtRateZero() {
        let x = seluOfStandardNormal(1000, seed: 4)
        let layer = AlphaDropout(rate: 0.2, seed: 9)
        layer.train(false)
        let before = layer.generator
        XCTAssertEqual(layer(x).scalars, x.scalars)
        XCTAssertEqual(layer.generator, before, "evaluation draws nothing")
        XCTAssertEqual(AlphaDropout(rate: 0, seed: 9)(x).scalars, x.scalars)
    }

    func testSeededRepeatabilityAndSavedGenerator() {
        let x = seluOfStandardNormal(500, seed: 4)
        let first = AlphaDropout(rate: 0.3, seed: 12), second = AlphaDropout(rate: 0.3, seed: 12)
        XCTAssertEqual(first(x).scalars, second(x).scalars)
        // A run's dropout generators are found as `Dropout`s; restoring one's state repeats its next mask.
        let saved = (first as Dropout).generator
        let next = first(x).scalars
        first.generator = saved
        XCTAssertEqual(first(x).scalars, next)
        XCTAssertNotEqual(AlphaDropout(rate: 0.3, seed: 13)(x).scalars, AlphaDropout(rate: 0.3, seed: 12)(x).scalars)
    }

    func testGradientMatchesFiniteDifferences() {
        let layer = AlphaDropout(rate: 0.4, seed: 17)
        var generator = SeededGenerator(seed: 2)
        let x = Tensor.uniform([3, 7], low: -2, high: 2, generator: &generator)
        // Each evaluation must see the same mask, so the generator is reset before every call.
        assertGradientsMatch([x]) { inputs in
            layer.generator = SeededGenerator(seed: 17)
            return layer(inputs[0])
        }
        // The mask is not trivial: some units dropped (gradient 0), some kept (gradient a).
        layer.generator = SeededGenerator(seed: 17)
        let out = layer(x).scalars
        XCTAssertTrue(out.contains(layer.droppedValue))
        XCTAssertTrue(out.contains { $0 != layer.droppedValue })
    }
}
