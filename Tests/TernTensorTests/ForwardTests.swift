import TernTensor
import TernTestSupport
import XCTest

/// Forward results against values worked out by hand.
final class ForwardTests: XCTestCase {
    func testArithmeticWithBroadcasting() {
        let a = Tensor(shape: [2, 3], values: [1, 2, 3, 4, 5, 6])
        let row = Tensor(shape: [3], values: [10, 20, 30])
        let column = Tensor(shape: [2, 1], values: [2, 4])
        XCTAssertEqual((a + row).scalars, [11, 22, 33, 14, 25, 36])
        XCTAssertEqual((a - row).scalars, [-9, -18, -27, -6, -15, -24])
        XCTAssertEqual((a * column).scalars, [2, 4, 6, 16, 20, 24])
        XCTAssertEqual((a / column).scalars, [0.5, 1, 1.5, 1, 1.25, 1.5])
        XCTAssertEqual((row - a).shape, [2, 3])
        XCTAssertEqual((row - a).scalars, [9, 18, 27, 6, 15, 24])
        XCTAssertEqual((2 - a).scalars, [1, 0, -1, -2, -3, -4])
    }

    func testMatmulAgainstHandValues() {
        let a = Tensor(shape: [2, 3], values: [1, 2, 3, 4, 5, 6])
        let b = Tensor(shape: [3, 2], values: [7, 8, 9, 10, 11, 12])
        XCTAssertEqual(matmul(a, b).scalars, [58, 64, 139, 154])
        XCTAssertEqual(matmul(a, a, transposeB: true).scalars, [14, 32, 32, 77])
        XCTAssertEqual(matmul(a, a, transposeA: true).scalars, [17, 22, 27, 22, 29, 36, 27, 36, 45])
        let w = Tensor(shape: [2, 3], values: [1, 0, -1, 0.5, 0.5, 0.5])
        XCTAssertEqual(linear(a, weight: w, bias: Tensor(shape: [2], values: [1, -1])).scalars, [-1, 2, -1, 6.5])
    }

    func testGemmBackendsAgreeWithNaiveProduct() {
        var g = SeededGenerator(seed: 1)
        for (m, n, k) in [(1, 1, 1), (7, 5, 3), (33, 17, 65), (64, 40, 9)] {
            let a = Tensor.uniform([m, k], low: -1, high: 1, generator: &g)
            let b = Tensor.uniform([n, k], low: -1, high: 1, generator: &g)
            var naive = [Float](repeating: 0, count: m * n)
            let av = a.scalars, bv = b.scalars
            for i in 0..<m { for j in 0..<n { var s: Double = 0; for p in 0..<k { s += Double(av[i * k + p] * bv[j * k + p]) }; naive[i * n + j] = Float(s) } }
            for backend in GemmBackend.allCases {
                Gemm.backend = backend
                assertClose(matmul(a, b, transposeB: true).scalars, naive, absoluteTolerance: 1e-4, "\(backend) \(m)×\(n)×\(k)")
            }
            Gemm.backend = .oneDNN
        }
    }

    func testSoftmaxAndLogSoftmax() {
        let x = Tensor(shape: [2, 3], values: [0, 0, 0, 1, 2, 3])
        let e = [Float(1), Foundation.exp(1), Foundation.exp(2)]
        let total = e.reduce(0, +)
        assertClose(x.softmax().scalars, [1.0 / 3, 1.0 / 3, 1.0 / 3] + e.map { $0 / total })
        assertClose(x.logSoftmax().scalars, [-Foundation.log(3), -Foundation.log(3), -Foundation.log(3)] + e.map { Foundation.log($0 / total) })
        // large logits: no overflow
        let big = Tensor(shape: [1, 2], values: [1000, 1000]).softmax()
        assertClose(big.scalars, [0.5, 0.5])
        // long rows use the vector path and the tail
        var g = SeededGenerator(seed: 2)
        let long = Tensor.uniform([3, 37], low: -5, high: 5, generator: &g)
        let sums = long.softmax().sum(axis: 1).scalars
        assertClose(sums, [1, 1, 1], absoluteTolerance: 1e-5)
    }

    func testActivationsAtKnownPoints() {
        let x = Tensor(shape: [5], values: [-2, -0.5, 0, 0.5, 2])
        assertClose(x.relu().scalars, [0, 0, 0, 0.5, 2])
        assertClose(x.leakyRelu(slope: 0.1).scalars, [-0.2, -0.05, 0, 0.5, 2])
        assertClose(x.tanh().scalars, [-2, -0.5, 0, 0.5, 2].map { Foundation.tanh($0) }, absoluteTolerance: 1e-6)
        assertClose(x.sigmoid().scalars, [-2, -0.5, 0, 0.5, 2].map { 1 / (1 + Foundation.exp(-$0)) }, absoluteTolerance: 1e-6)
        assertClose(x.exp().scalars, [-2, -0.5, 0, 0.5, 2].map { Foundation.exp($0) }, absoluteTolerance: 1e-6, relativeTolerance: 1e-6)
        // GELU(x) = x Φ(x): Φ(0.5) = 0.691462461, Φ(2) = 0.977249868
        assertClose(x.gelu().scalars, [-2 * (1 - 0.977249868), -0.5 * (1 - 0.691462461), 0, 0.5 * 0.691462461, 2 * 0.977249868], absoluteTolerance: 1e-6)
        // SELU: scale·x for x > 0, scale·α(eˣ − 1) otherwise
        let scale: Float = 1.0507009873554805, alpha: Float = 1.6732632423543772
        assertClose(x.selu().scalars, [scale * alpha * (Foundation.exp(-2) - 1), scale * alpha * (Foundation.exp(-0.5) - 1), 0, scale * 0.5, scale * 2], absoluteTolerance: 1e-6)
        assertClose(Tensor(shape: [2], values: [1, Float(M_E)]).log().scalars, [0, 1], absoluteTolerance: 1e-6)
    }

    func testLayerNorm() {
        let x = Tensor(shape: [1, 4], values: [1, 2, 3, 4])
        // mean 2.5, variance 1.25
        let inv = 1 / (1.25 + 1e-5 as Float).squareRoot()
        let y = layerNorm(x, gamma: Tensor(shape: [4], values: [1, 1, 2, 2]), beta: Tensor(shape: [4], values: [0, 0, 0, 1]), epsilon: 1e-5)
        assertClose(y.scalars, [-1.5 * inv, -0.5 * inv, 2 * 0.5 * inv, 2 * 1.5 * inv + 1], absoluteTolerance: 1e-5)
    }

    func testShapeOps() {
        let x = Tensor(shape: [2, 3], values: [1, 2, 3, 4, 5, 6])
        XCTAssertEqual(x.transposed(0, 1).scalars, [1, 4, 2, 5, 3, 6])
        XCTAssertEqual(x.slice(axis: 1, range: 1..<3).scalars, [2, 3, 5, 6])
        XCTAssertEqual(concat([x, x.slice(axis: 1, range: 0..<1)], axis: 1).scalars, [1, 2, 3, 1, 4, 5, 6, 4])
        XCTAssertEqual(stack([x, x], axis: 0).shape, [2, 2, 3])
        XCTAssertEqual(x.sum(axis: 0).scalars, [5, 7, 9])
        XCTAssertEqual(x.sum(axis: 1).scalars, [6, 15])
        XCTAssertEqual(x.mean().item, 3.5)
        XCTAssertEqual(x.reshaped([3, -1]).shape, [3, 2])
        let y = Tensor(shape: [2, 1, 3], values: [1, 2, 3, 4, 5, 6]).broadcast(to: [2, 2, 3])
        XCTAssertEqual(y.scalars, [1, 2, 3, 1, 2, 3, 4, 5, 6, 4, 5, 6])
        XCTAssertEqual(y.sum(to: [1, 3]).scalars, [10, 14, 18])
        let table = Tensor(shape: [3, 2], values: [0, 1, 10, 11, 20, 21])
        XCTAssertEqual(embedding(table, ids: [2, 0, 2], shape: [3]).scalars, [20, 21, 0, 1, 20, 21])
    }

    func testMasks() {
        let padding = Masks.padding(lengths: [2, 3], maxLength: 3)
        XCTAssertEqual(padding.shape, [2, 1, 1, 3])
        XCTAssertEqual(padding.scalars, [0, 0, Masks.blocked, 0, 0, 0])
        XCTAssertEqual(Masks.causal(2).scalars, [0, Masks.blocked, 0, 0])
        let scores = Tensor.zeros([2, 1, 2, 3]) + padding
        let weights = scores.softmax().scalars
        assertClose(Array(weights[0..<3]), [0.5, 0.5, 0])
        assertClose(Array(weights[6..<9]), [1.0 / 3, 1.0 / 3, 1.0 / 3])
        let filled = Tensor.ones([2, 2]).maskedFill([true, false], maskShape: [1, 2], value: -5)
        XCTAssertEqual(filled.scalars, [-5, 1, -5, 1])
    }

    func testCrossEntropyAgainstDefinition() {
        // logits of one row [0, ln 2, ln 5]: p = [1/8, 2/8, 5/8]; target 2; ε = 0.1
        let logits = Tensor(shape: [2, 3], values: [0, Foundation.log(2), Foundation.log(5), 9, 9, 9])
        let loss = crossEntropy(logits: logits, targets: [2, 0], labelSmoothing: 0.1, ignoreIndex: 0)
        let nll = -Foundation.log(5.0 / 8)
        let uniform = -(Foundation.log(1.0 / 8) + Foundation.log(2.0 / 8) + Foundation.log(5.0 / 8)) / 3
        XCTAssertEqual(Double(loss.item), 0.9 * nll + 0.1 * uniform, accuracy: 1e-6)
    }

    func testDropoutKeepsExpectationAndRepeatsWithSeed() {
        var g1 = SeededGenerator(seed: 9), g2 = SeededGenerator(seed: 9)
        let x = Tensor.ones([100_000])
        let a = dropout(x, rate: 0.25, training: true, generator: &g1)
        let b = dropout(x, rate: 0.25, training: true, generator: &g2)
        XCTAssertEqual(a.scalars, b.scalars)
        let zeros = a.scalars.filter { $0 == 0 }.count
        XCTAssertEqual(Double(zeros) / 100_000, 0.25, accuracy: 0.01)
        XCTAssertEqual(Double(a.mean().item), 1, accuracy: 0.02)
        XCTAssertEqual(dropout(x, rate: 0.25, training: false, generator: &g1).scalars, x.scalars)
    }
}
