import TernTensor
import TernTestSupport
import XCTest

final class AutogradTests: XCTestCase {
    func testGradientsAccumulateOverUsesAndPasses() {
        let w = Parameter(Tensor(shape: [2], values: [1, 2]))
        // w used twice in one graph: d/dw (w·w + 3w) = 2w + 3
        ((w.value * w.value) + (w.value * 3)).sum().backward()
        XCTAssertEqual(w.grad?.scalars, [5, 7])
        // a second pass adds to the first until zeroGrad
        (w.value * 2).sum().backward()
        XCTAssertEqual(w.grad?.scalars, [7, 9])
        w.zeroGrad()
        XCTAssertNil(w.grad)
    }

    func testNoGradRecordsNothing() {
        let w = Parameter(Tensor(shape: [2], values: [1, 2]))
        let y = withoutGrad { (w.value * w.value).sum() }
        XCTAssertFalse(y.requiresGrad)
        XCTAssertTrue((w.value * 2).requiresGrad)
        let frozen = Parameter(Tensor(shape: [2], values: [1, 2]), requiresGrad: false)
        XCTAssertFalse((frozen.value * 2).requiresGrad)
        XCTAssertFalse((Tensor.ones([2]) * 2).requiresGrad)
    }

    func testDeepGraphDoesNotOverflowTheStack() {
        // an RNN unrolled over many steps makes a deep chain
        let w = Parameter(Tensor(shape: [1], values: [0.5]))
        var h = Tensor(shape: [1], values: [1])
        for _ in 0..<20_000 { h = (h * w.value).tanh() + 0.001 }
        h.sum().backward()
        XCTAssertNotNil(w.grad)
        XCTAssertTrue(w.grad!.item.isFinite)
    }

    func testOptimizerUpdateInPlaceDoesNotChangeOtherTensors() {
        let w = Parameter(Tensor(shape: [2], values: [1, 2]))
        let snapshot = w.value
        (w.value * w.value).sum().backward()
        w.update { values, grad in for i in values.indices { values[i] -= 0.1 * grad![i] } }
        XCTAssertEqual(snapshot.scalars, [1, 2], "an earlier read of the value must keep its values")
        assertClose(w.value.scalars, [0.8, 1.6])
    }

    /// A training-like step repeated: after the first steps warm the pool, steps take no new memory from the system
    /// and the live memory returns to the same level.
    func testSteadyStateStepsDoNotGrowMemory() {
        var g = SeededGenerator(seed: 5)
        let w1 = Parameter(Tensor.normal([32, 16], std: 0.1, generator: &g))
        let w2 = Parameter(Tensor.normal([10, 32], std: 0.1, generator: &g))
        let x = Tensor.normal([64, 16], generator: &g)
        let targets = (0..<64).map { Int32($0 % 10) }
        func step() {
            let h = linear(x, weight: w1.value).tanh()
            let loss = crossEntropy(logits: linear(h, weight: w2.value), targets: targets, labelSmoothing: 0.1, ignoreIndex: -1)
            loss.backward()
            for p in [w1, w2] {
                p.update { values, grad in for i in values.indices { values[i] -= 0.01 * grad![i] } }
                p.zeroGrad()
            }
        }
        for _ in 0..<3 { step() }
        let allocations = BufferPool.shared.systemAllocations
        let live = BufferPool.shared.liveBytes
        for _ in 0..<20 { step() }
        XCTAssertEqual(BufferPool.shared.systemAllocations, allocations, "steady-state steps allocated from the system")
        XCTAssertEqual(BufferPool.shared.liveBytes, live, "live memory grew from step to step")
    }
}
