import TernTensor
import TernTestSupport
import XCTest

/// Fused kernels against the same maths composed from primitive ops, forward and backward, on shapes large enough to
/// take the multi-threaded paths (the finite-difference checks use small shapes that run on one thread).
final class FusedOpTests: XCTestCase {
    var generator = SeededGenerator(seed: 11)

    func random(_ shape: [Int]) -> Tensor { Tensor.uniform(shape, low: -2, high: 2, generator: &generator).requiringGrad() }

    /// Runs `function` on fresh leaves holding `inputs`' values; returns the output values and each input's gradient
    /// for the upstream gradient `seed`.
    func valuesAndGradients(_ inputs: [Tensor], seed: Tensor, _ function: ([Tensor]) -> Tensor) -> ([Float], [[Float]]) {
        let leaves = inputs.map { Tensor(shape: $0.shape, values: $0.scalars).requiringGrad() }
        let out = function(leaves)
        out.backward(seed: seed)
        return (out.scalars, leaves.map { $0.grad!.scalars })
    }

    func assertSame(_ fused: ([Float], [[Float]]), _ composed: ([Float], [[Float]]), file: StaticString = #filePath, line: UInt = #line) {
        assertClose(fused.0, composed.0, absoluteTolerance: 1e-5, relativeTolerance: 1e-4, file: file, line: line)
        XCTAssertEqual(fused.1.count, composed.1.count, file: file, line: line)
        for (a, b) in zip(fused.1, composed.1) {
            assertClose(a, b, absoluteTolerance: 1e-5, relativeTolerance: 1e-4, file: file, line: line)
        }
    }

    func testGRUStepMatchesComposedOps() {
        let (rows, size) = (64, 96)
        let inputs = [random([rows, 3 * size]), random([rows, 3 * size]), random([rows, size])]
        let seed = Tensor.uniform([rows, size], low: -1, high: 1, generator: &generator)
        let fused = valuesAndGradients(inputs, seed: seed) { gruStep(inputGates: $0[0], hiddenGates: $0[1], hidden: $0[2]) }
        let composed = valuesAndGradients(inputs, seed: seed) { x in
            let i = x[0].split(axis: 1, sizes: [size, size, size]), h = x[1].split(axis: 1, sizes: [size, size, size])
            let r = (i[0] + h[0]).sigmoid(), z = (i[1] + h[1]).sigmoid()
            let n = (i[2] + r * h[2]).tanh()
            return (1 - z) * n + z * x[2]
        }
        assertSame(fused, composed)
    }

    func testLSTMStepMatchesComposedOps() {
        let (rows, size) = (64, 80)
        let inputs = [random([rows, 4 * size]), random([rows, 4 * size]), random([rows, size])]
        let seed = Tensor.uniform([rows, 2 * size], low: -1, high: 1, generator: &generator)
        let fused = valuesAndGradients(inputs, seed: seed) { lstmStep(inputGates: $0[0], hiddenGates: $0[1], cell: $0[2]) }
        let composed = valuesAndGradients(inputs, seed: seed) { x in
            let gates = (x[0] + x[1]).split(axis: 1, sizes: [size, size, size, size])
            let cell = gates[1].sigmoid() * x[2] + gates[0].sigmoid() * gates[2].tanh()
            return concat([gates[3].sigmoid() * cell.tanh(), cell], axis: 1)
        }
        assertSame(fused, composed)
    }

    func testAdditiveScoresMatchComposedOps() {
        let (batch, length, size) = (16, 21, 136)
        let inputs = [random([batch, length, size]), random([batch, size]), random([1, size])]
        let seed = Tensor.uniform([batch, length], low: -1, high: 1, generator: &generator)
        let fused = valuesAndGradients(inputs, seed: seed) { additiveScores(keys: $0[0], query: $0[1], energy: $0[2]) }
        let composed = valuesAndGradients(inputs, seed: seed) { x in
            let hidden = (x[0] + x[1].reshaped([batch, 1, size])).tanh()
            return matmul(hidden, x[2], transposeB: true).reshaped([batch, length])
        }
        assertSame(fused, composed)
    }

    /// ReLU with its dropout: bit for bit the composed ops — values, gradient and the generator's state after — on a
    /// tensor large enough for several threads, with negative inputs, exact zeros and a rate that drops many.
    func testReluDropoutIsExactlyDropoutOfRelu() {
        let input = random([96, 1030])
        let values = input.scalars.enumerated().map { $0.offset % 7 == 0 ? 0 : $0.element }
        let x = Tensor(shape: input.shape, values: values)
        let seed = Tensor.uniform(x.shape, low: -1, high: 1, generator: &generator)
        var fusedGenerator = SeededGenerator(seed: 5), composedGenerator = SeededGenerator(seed: 5)
        let fused = valuesAndGradients([x], seed: seed) { reluDropout($0[0], rate: 0.3, training: true, generator: &fusedGenerator) }
        let composed = valuesAndGradients([x], seed: seed) { dropout($0[0].relu(), rate: 0.3, training: true, generator: &composedGenerator) }
        XCTAssertEqual(fused.0, composed.0)
        XCTAssertEqual(fused.1, composed.1)
        XCTAssertEqual(fusedGenerator.state, composedGenerator.state)
        let kept = fused.0.filter { $0 != 0 }.count, positive = values.filter { $0 > 0 }.count
        XCTAssertEqual(Double(kept) / Double(positive), 0.7, accuracy: 0.01, "about 70 % of the positive values kept")
        // Outside training: relu alone, and no draw.
        let before = fusedGenerator.state
        XCTAssertEqual(reluDropout(x, rate: 0.3, training: false, generator: &fusedGenerator).scalars, x.relu().scalars)
        XCTAssertEqual(fusedGenerator.state, before)
    }

    func testFusedOpsRecordNothingWithoutGrad() {
        let gates = random([2, 6])
        let out = withoutGrad { gruStep(inputGates: gates, hiddenGates: gates, hidden: random([2, 2])) }
        XCTAssertFalse(out.requiresGrad)
    }
}
