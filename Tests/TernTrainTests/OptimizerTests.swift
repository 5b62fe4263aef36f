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

    /// The vectorised, threaded Adam kernel against the scalar loop it replaced, written out here: bit for bit, on
    /// enough values to take the multi-threaded path, without decay, with L2 decay and with decoupled decay.
    func testAdamKernelIsBitIdenticalToTheScalarLoop() {
        var generator = SeededGenerator(seed: 3)
        let count = 100_003
        let weights = Tensor.uniform([count], low: -1, high: 1, generator: &generator).scalars
        let gradient = Tensor.uniform([count], low: -1e-2, high: 1e-2, generator: &generator).scalars
        let first = Tensor.uniform([count], low: -1e-3, high: 1e-3, generator: &generator).scalars
        let second = Tensor.uniform([count], low: 0, high: 1e-5, generator: &generator).scalars
        for (wd, decoupled) in [(Float(0), false), (0.01, false), (0.01, true)] {
            let (b1, b2, eps, lr, stepSize, inverse): (Float, Float, Float, Float, Float, Float) = (0.9, 0.98, 1e-9, 3e-4, 3e-3, 7.1)
            var (w, m, v) = (weights, first, second)
            for i in 0..<count {
                var g = gradient[i]
                if wd != 0 {
                    if decoupled { w[i] *= 1 - lr * wd } else { g += wd * w[i] }
                }
                m[i] = b1 * m[i] + (1 - b1) * g
                v[i] = b2 * v[i] + (1 - b2) * g * g
                w[i] -= stepSize * m[i] / (v[i].squareRoot() * inverse + eps)
            }
            var (kw, km, kv) = (weights, first, second)
            let step = OptimizerKernels.AdamStep(beta1: b1, beta2: b2, epsilon: eps, stepSize: stepSize, inverseSqrtCorrection2: inverse,
                                                 learningRate: lr, weightDecay: wd, decoupledWeightDecay: decoupled)
            kw.withUnsafeMutableBufferPointer { kw in
                km.withUnsafeMutableBufferPointer { km in
                    kv.withUnsafeMutableBufferPointer { kv in
                        gradient.withUnsafeBufferPointer { g in
                            OptimizerKernels.adam(step, weights: kw, gradient: g, firstMoment: km, secondMoment: kv)
                        }
                    }
                }
            }
            XCTAssertEqual(kw, w, "weights, decay \(wd), decoupled \(decoupled)")
            XCTAssertEqual(km, m)
            XCTAssertEqual(kv, v)
        }
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

    /// Gradients [3, 0] and [4] (global norm 5), and a parameter without a gradient.
    func clippingFixture(scale: Float = 1) -> (a: Parameter, b: Parameter, unused: Parameter) {
        let a = Parameter(Tensor(shape: [2], values: [0, 0])), b = Parameter(Tensor(shape: [1], values: [0]))
        let unused = Parameter(Tensor(shape: [1], values: [7]))
        (a.value * Tensor(shape: [2], values: [3 * scale, 0])).sum().backward()
        (b.value * (4 * scale)).sum().backward()
        return (a, b, unused)
    }

    func testClippingScalesToTheMaximumNorm() {
        let (a, b, unused) = clippingFixture()
        XCTAssertEqual(a.grad!.scalars + b.grad!.scalars, [3, 0, 4])
        let norm = clipGradientNorm([a, unused, b], maxNorm: 1)
        XCTAssertEqual(norm, 5, accuracy: 1e-5)
        // Scale 1 / (5 + 1e-6): 3 → 0.59999988, 4 → 0.79999984 (the guard moves them by 2 ulp only; see below).
        assertClose(a.grad!.scalars + b.grad!.scalars, [0.59999988, 0, 0.79999984], absoluteTolerance: 1e-7,
                    relativeTolerance: 0)
        XCTAssertNil(unused.grad, "a parameter without a gradient keeps none")
        XCTAssertEqual(unused.value.scalars, [7])
    }

    /// Where the 1e-6 guard is visible: gradients [3e-6, 0] and [4e-6] (norm 5e-6) clipped to 3e-6 are scaled by
    /// 3e-6 / (5e-6 + 1e-6) = 1/2 exactly, to [1.5e-6, 0] and [2e-6] — not by maxNorm / norm = 0.6, which would give
    /// [1.8e-6, 0] and [2.4e-6] and a norm of exactly maxNorm.
    func testClippingScaleIncludesTheGuard() {
        let (a, b, _) = clippingFixture(scale: 1e-6)
        let norm = clipGradientNorm([a, b], maxNorm: 3e-6)
        XCTAssertEqual(norm, 5e-6, accuracy: 1e-11)
        assertClose(a.grad!.scalars + b.grad!.scalars, [1.5e-6, 0, 2e-6], absoluteTolerance: 0,
                    relativeTolerance: 1e-5)
    }

    /// Under the limit the gradients are left exactly as they were (bit for bit), and the norm is still returned.
    func testClippingUnderTheLimitLeavesGradientsUnchanged() {
        let (a, b, unused) = clippingFixture()
        XCTAssertEqual(clipGradientNorm([a, b, unused], maxNorm: 10), 5, accuracy: 1e-5)
        XCTAssertEqual(a.grad!.scalars, [3, 0])
        XCTAssertEqual(b.grad!.scalars, [4])
        XCTAssertNil(unused.grad)
        // Also just above the norm: 5.01 / (5 + 1e-6) > 1, so nothing is scaled.
        XCTAssertEqual(clipGradientNorm([a, b], maxNorm: 5.01), 5, accuracy: 1e-5)
        XCTAssertEqual(a.grad!.scalars + b.grad!.scalars, [3, 0, 4])
    }
}
