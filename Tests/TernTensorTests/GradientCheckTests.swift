import TernTensor
import TernTestSupport
import XCTest

/// A central-finite-difference check for every differentiable op, on small random shapes, including broadcasting
/// and masked cases. `testEveryOpHasACheck` ties this table to the engine's `OpCatalog`.
final class GradientCheckTests: XCTestCase {
    var generator = SeededGenerator(seed: 42)

    func random(_ shape: [Int]) -> Tensor { Tensor.uniform(shape, low: -1, high: 1, generator: &generator) }
    func awayFromZero(_ shape: [Int]) -> Tensor { randomAwayFromZero(shape, generator: &generator) }
    func positive(_ shape: [Int]) -> Tensor { Tensor.uniform(shape, low: 0.5, high: 2, generator: &generator) }

    lazy var checks: [String: () -> Void] = [
        "add": { assertGradientsMatch([self.random([3, 4]), self.random([3, 4])]) { $0[0] + $0[1] } },
        "subtract": { assertGradientsMatch([self.random([2, 3, 4]), self.random([4])]) { $0[0] - $0[1] } },
        "multiply": {
            assertGradientsMatch([self.random([2, 3, 4]), self.random([3, 1])]) { $0[0] * $0[1] }  // general broadcast
            assertGradientsMatch([self.random([1, 4]), self.random([3, 4])]) { $0[0] * $0[1] }      // left operand repeats
        },
        "divide": { assertGradientsMatch([self.random([3, 4]), self.positive([4])]) { $0[0] / $0[1] } },
        "negate": { assertGradientsMatch([self.random([5])]) { -$0[0] } },
        "addScalar": { assertGradientsMatch([self.random([5])]) { $0[0] + 3 } },
        "multiplyScalar": { assertGradientsMatch([self.random([5])]) { 2.5 * $0[0] } },
        "broadcast": { assertGradientsMatch([self.random([2, 1, 3])]) { $0[0].broadcast(to: [4, 2, 5, 3]) } },
        "sumTo": { assertGradientsMatch([self.random([2, 3, 4])]) { $0[0].sum(to: [3, 1]) } },
        "exp": { assertGradientsMatch([self.random([3, 5])]) { $0[0].exp() } },
        "log": { assertGradientsMatch([self.positive([3, 5])]) { $0[0].log() } },
        "tanh": { assertGradientsMatch([self.random([3, 5])]) { $0[0].tanh() } },
        "sigmoid": { assertGradientsMatch([self.random([3, 5])]) { $0[0].sigmoid() } },
        "relu": { assertGradientsMatch([self.awayFromZero([3, 5])]) { $0[0].relu() } },
        "leakyRelu": { assertGradientsMatch([self.awayFromZero([3, 5])]) { $0[0].leakyRelu(slope: 0.1) } },
        "gelu": { assertGradientsMatch([self.random([3, 5])]) { $0[0].gelu() } },
        "selu": { assertGradientsMatch([self.awayFromZero([3, 5])]) { $0[0].selu() } },
        "softmax": { assertGradientsMatch([self.random([3, 7])]) { $0[0].softmax() } },
        "logSoftmax": { assertGradientsMatch([self.random([3, 7])]) { $0[0].logSoftmax() } },
        "layerNorm": {
            assertGradientsMatch([self.random([4, 6]), self.random([6]), self.random([6])]) {
                layerNorm($0[0], gamma: $0[1], beta: $0[2], epsilon: 1e-5)
            }
        },
        "matmul": {
            assertGradientsMatch([self.random([3, 4]), self.random([4, 5])]) { matmul($0[0], $0[1]) }
            assertGradientsMatch([self.random([2, 3, 4]), self.random([4, 5])]) { matmul($0[0], $0[1]) }  // folded batch
        },
        "matmulTransposed": {
            assertGradientsMatch([self.random([4, 3]), self.random([4, 5])]) { matmul($0[0], $0[1], transposeA: true) }
            assertGradientsMatch([self.random([3, 4]), self.random([5, 4])]) { matmul($0[0], $0[1], transposeB: true, alpha: 0.5) }
            assertGradientsMatch([self.random([4, 3]), self.random([5, 4])]) { matmul($0[0], $0[1], transposeA: true, transposeB: true) }
            assertGradientsMatch([self.random([2, 3, 4]), self.random([5, 4])]) { matmul($0[0], $0[1], transposeB: true) }
        },
        "batchedMatmul": {
            assertGradientsMatch([self.random([2, 2, 3, 4]), self.random([2, 2, 5, 4])]) { matmul($0[0], $0[1], transposeB: true) }
            assertGradientsMatch([self.random([2, 3, 4]), self.random([2, 4, 5])]) { matmul($0[0], $0[1]) }
            assertGradientsMatch([self.random([2, 4, 3]), self.random([2, 4, 5])]) { matmul($0[0], $0[1], transposeA: true) }
            assertGradientsMatch([self.random([2, 4, 3]), self.random([2, 5, 4])]) { matmul($0[0], $0[1], transposeA: true, transposeB: true) }
        },
        "linear": {
            assertGradientsMatch([self.random([2, 3, 4]), self.random([5, 4]), self.random([5])]) {
                linear($0[0], weight: $0[1], bias: $0[2])
            }
        },
        "embedding": {
            // id 1 appears twice: its row must receive both gradients
            assertGradientsMatch([self.random([5, 3])]) { embedding($0[0], ids: [1, 4, 1, 0], shape: [2, 2]) }
        },
        "concat": { assertGradientsMatch([self.random([2, 3]), self.random([2, 2])]) { concat([$0[0], $0[1]], axis: 1) } },
        "split": {
            assertGradientsMatch([self.random([5, 2])]) { x in
                let parts = x[0].split(axis: 0, sizes: [2, 3])
                return parts[0].sum(axis: 0) * parts[1].sum(axis: 0)
            }
        },
        "slice": { assertGradientsMatch([self.random([2, 5, 3])]) { $0[0].slice(axis: 1, range: 1..<4) } },
        "stack": { assertGradientsMatch([self.random([2, 3]), self.random([2, 3])]) { stack([$0[0], $0[1]], axis: 1) } },
        "reshape": { assertGradientsMatch([self.random([2, 6])]) { $0[0].reshaped([3, -1]).exp() } },
        "permute": { assertGradientsMatch([self.random([2, 3, 4, 2])]) { $0[0].permuted([0, 2, 1, 3]).softmax() } },
        "transpose": { assertGradientsMatch([self.random([3, 4])]) { $0[0].transposed(0, 1).softmax() } },
        "maskedFill": {
            // padding mask broadcast over [batch, heads, queries, keys], then softmax as in attention
            let mask = [false, false, true, false, true, true]
            assertGradientsMatch([self.random([2, 2, 3, 3])]) {
                $0[0].maskedFill(mask, maskShape: [2, 1, 1, 3], value: -1e9).softmax()
            }
        },
        "sum": { assertGradientsMatch([self.random([3, 4])]) { ($0[0] * $0[0]).sum() } },
        "mean": { assertGradientsMatch([self.random([3, 4])]) { ($0[0] * $0[0]).mean() } },
        "sumAxis": {
            assertGradientsMatch([self.random([2, 3, 4])]) { $0[0].sum(axis: 1) }
            assertGradientsMatch([self.random([2, 3, 4])]) { $0[0].sum(axis: -1, keepDims: true) }
        },
        "meanAxis": { assertGradientsMatch([self.random([2, 3, 4])]) { $0[0].mean(axis: 0) } },
        "dropout": {
            // the same seed gives the same mask in the analytic and the numeric passes
            assertGradientsMatch([self.random([4, 6])]) { x in
                var g = SeededGenerator(seed: 3)
                return dropout(x[0], rate: 0.3, training: true, generator: &g)
            }
        },
        "crossEntropy": {
            // the target 0 rows are padding and must get no gradient
            assertGradientsMatch([self.random([2, 3, 5])]) { x in
                crossEntropy(logits: x[0], targets: [1, 4, 0, 2, 0, 3], labelSmoothing: 0.1, ignoreIndex: 0)
            }
        },
        "gruStep": {
            // several rows so that both threads' blocks are exercised when the kernel runs in parallel
            assertGradientsMatch([self.random([3, 12]), self.random([3, 12]), self.random([3, 4])]) {
                gruStep(inputGates: $0[0], hiddenGates: $0[1], hidden: $0[2])
            }
        },
        "lstmStep": {
            assertGradientsMatch([self.random([3, 16]), self.random([3, 16]), self.random([3, 4])]) {
                lstmStep(inputGates: $0[0], hiddenGates: $0[1], cell: $0[2])
            }
        },
        "additiveScores": {
            assertGradientsMatch([self.random([2, 3, 5]), self.random([2, 5]), self.random([1, 5])]) {
                additiveScores(keys: $0[0], query: $0[1], energy: $0[2]).softmax()
            }
        },
    ]

    func testEveryOpHasACheck() {
        let missing = OpCatalog.differentiable.filter { checks[$0] == nil }
        XCTAssertEqual(missing, [], "ops without a gradient check")
        let unknown = checks.keys.filter { !OpCatalog.differentiable.contains($0) }
        XCTAssertEqual(unknown, [], "checks for ops missing from OpCatalog")
    }

    func testGradientsOfEveryOp() {
        for name in OpCatalog.differentiable.sorted() {
            guard let check = checks[name] else { continue }
            let failuresBefore = testRun?.failureCount ?? 0
            check()
            if (testRun?.failureCount ?? 0) > failuresBefore { print("gradient check failed for op \(name)") }
        }
    }

    /// Whole block composed of primitives vs. the same maths written another way (micrograd's "two ways").
    func testAttentionBlockGradients() {
        let mask = [false, false, true, false, false, false]
        assertGradientsMatch([random([2, 3, 4]), random([2, 3, 4]), random([2, 3, 4])]) { x in
            let scores = matmul(x[0], x[1], transposeB: true, alpha: 0.5)  // [2, 3, 3]
            let weights = scores.maskedFill(mask, maskShape: [2, 1, 3], value: -1e9).softmax()
            return matmul(weights, x[2])
        }
    }
}
