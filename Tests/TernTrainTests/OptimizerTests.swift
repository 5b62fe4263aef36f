import TernTensor
import TernTestSupport
import TernTrain
import XCTest

final class OptimizerTests: XCTestCase {
    /// Two Adam steps on f(w) = Σ w², against the update rule worked out in Double (PyTorch's formulation).
    func testAdamMatchesTheReferenceRule() {
        let w = Parameter(Tensor(shape: [2], values: [1, -2]))
        let adam = Adam(learningRate: 0.1, beta1: 0.9, beta2: 0.98, epsilon: 1e-9)
        var expected: [Double] = [1, -2], m: [Double] = [0, 0], v: [Double] = [0, 0]
        for step in 1...2 {
            (w.value * w.value).sum().backward()
            adam.update([("w", w)])
            for i in 0..<2 {
                let g = 2 * expected[i]
                m[i] = 0.9 * m[i] + 0.1 * g
                v[i] = 0.98 * v[i] + 0.02 * g * g
                let mHat = m[i] / (1 - pow(0.9, Double(step))), vHat = v[i] / (1 - pow(0.98, Double(step)))
                expected[i] -= 0.1 * mHat / (vHat.squareRoot() + 1e-9)
            }
            XCTAssertNil(w.grad, "the step clears the gradient")
        }
        assertClose(w.value.scalars, expected.map(Float.init), absoluteTolerance: 1e-6)
        XCTAssertEqual(adam.step, 2)
    }

    func testAdamStateRestoresExactly() throws {
        func run(_ adam: Adam, _ w: Parameter, steps: Int) {
            for _ in 0..<steps { ((w.value * w.value).sum() + w.value.sum()).backward(); adam.update([("w", w)]) }
        }
        let a = Parameter(Tensor(shape: [3], values: [1, 2, 3])), adamA = Adam(learningRate: 0.05)
        run(adamA, a, steps: 4)
        // resume a copy half-way from saved state
        let b = Parameter(Tensor(shape: [3], values: [1, 2, 3])), adamB = Adam(learningRate: 0.05)
        run(adamB, b, steps: 2)
        let saved = Dictionary(uniqueKeysWithValues: adamB.stateTensors().map { ($0.name, $0.tensor) })
        let c = Parameter(b.value.detached()), adamC = Adam(learningRate: 0.05)
        try adamC.restore(step: adamB.step, tensors: saved)
        run(adamC, c, steps: 2)
        XCTAssertEqual(c.value.scalars, a.value.scalars)
    }

    func testAdamWDecaysWeightsIndependentlyOfTheGradient() {
        let w = Parameter(Tensor(shape: [1], values: [2]))
        let adamw = Adam(learningRate: 0.1, weightDecay: 0.5, decoupledWeightDecay: true)
        (w.value * 0).sum().backward()  // zero gradient: only the decay acts
        adamw.update([("w", w)])
        XCTAssertEqual(w.value.item, 2 * (1 - 0.1 * 0.5), accuracy: 1e-6)
    }

    func testSGDWithMomentum() {
        let w = Parameter(Tensor(shape: [1], values: [1]))
        let sgd = SGD(learningRate: 0.1, momentum: 0.9)
        // f = w²: g1 = 2, v1 = 2, w = 0.8; g2 = 1.6, v2 = 0.9·2 + 1.6 = 3.4, w = 0.8 − 0.34 = 0.46
        for _ in 0..<2 { (w.value * w.value).sum().backward(); sgd.update([("w", w)]) }
        XCTAssertEqual(w.value.item, 0.46, accuracy: 1e-6)
    }

    func testClippingScalesToTheMaximumNorm() {
        let a = Parameter(Tensor(shape: [2], values: [0, 0])), b = Parameter(Tensor(shape: [1], values: [0]))
        (a.value * Tensor(shape: [2], values: [3, 0]) + 0).sum().backward()
        (b.value * 4).sum().backward()
        let norm = clipGradientNorm([a, b], maxNorm: 1)
        XCTAssertEqual(norm, 5, accuracy: 1e-5)
        assertClose(a.grad!.scalars + b.grad!.scalars, [0.6, 0, 0.8], absoluteTolerance: 1e-5)
        XCTAssertEqual(clipGradientNorm([a, b], maxNorm: 10), 1, accuracy: 1e-5)  // under the limit: unchanged
    }
}
