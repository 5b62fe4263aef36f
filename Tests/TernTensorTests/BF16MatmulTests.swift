@testable import TernTensor
import XCTest

/// Products with bf16 inputs and fp32 accumulation (`Gemm.precision = .bf16`) against exact products in Double,
/// forward and backward, within bf16's error bound. On a CPU where oneDNN has no bf16 matmul the product is emulated;
/// either way the bound is the same.
///
/// The bound: rounding to bf16 (8 significant bits, to nearest) moves each operand by at most u = 2⁻⁸ of itself, so
/// a product of two rounded operands is off by at most (1 + u)² − 1 = 2⁻⁷ + 2⁻¹⁶ of |a·b|; the products are exact in
/// fp32 and their sum over k terms adds at most k · 2⁻²⁴ (to first order; 1.01 × covers the rest for k ≤ 10⁴) of
/// Σ |a·b|. So |C_bf16 − C| ≤ (2⁻⁷ + 2⁻¹⁶ + 1.01 · k · 2⁻²⁴) · Σₖ |a_ik| |b_kj|.
final class BF16MatmulTests: XCTestCase {
    var generator = SeededGenerator(seed: 23)

    override func tearDown() { Gemm.precision = .fp32 }

    static func bound(k: Int) -> Double { pow(2, -7) + pow(2, -16) + 1.01 * Double(k) * pow(2, -24) }

    /// Checks `c` (m × n) against the exact Σₖ a(i, k) · b(k, j) within the bound; returns the largest error as a
    /// fraction of Σ |a·b|, to show that rounding took place.
    @discardableResult
    func assertWithinBF16Bound(_ c: [Float], m: Int, n: Int, k: Int, a: (Int, Int) -> Float, b: (Int, Int) -> Float,
                               file: StaticString = #filePath, line: UInt = #line) -> Double {
        var largest = 0.0
        for i in 0..<m {
            for j in 0..<n {
                var exact = 0.0, magnitude = 0.0
                for p in 0..<k {
                    exact += Double(a(i, p)) * Double(b(p, j))
                    magnitude += abs(Double(a(i, p)) * Double(b(p, j)))
                }
                let error = abs(Double(c[i * n + j]) - exact)
                XCTAssertLessThanOrEqual(error, Self.bound(k: k) * magnitude, "entry (\(i), \(j))", file: file, line: line)
                largest = max(largest, error / magnitude)
            }
        }
        return largest
    }

    func testBF16ProductsAreWithinTheBoundAndDifferFromFP32() {
        let (m, n, k) = (37, 29, 300)
        let a = Tensor.uniform([m, k], low: -1, high: 1, generator: &generator)
        let b = Tensor.uniform([n, k], low: -1, high: 1, generator: &generator)
        let (av, bv) = (a.scalars, b.scalars)
        let fp32 = matmul(a, b, transposeB: true).scalars
        Gemm.precision = .bf16
        let bf16 = matmul(a, b, transposeB: true).scalars
        let largest = assertWithinBF16Bound(bf16, m: m, n: n, k: k, a: { av[$0 * k + $1] }, b: { bv[$1 * k + $0] })
        // fp32 inputs would be within k · 2⁻²⁴ ≈ 2⁻¹⁶ of Σ|a·b|: an error beyond 2⁻¹² shows the inputs were rounded.
        XCTAssertGreaterThan(largest, pow(2, -12))
        XCTAssertNotEqual(bf16, fp32)
    }

    /// The rounding itself, against the definition: to the nearest value with 8 significant bits, ties to even.
    func testRoundingToBF16IsToNearestTiesToEven() {
        XCTAssertEqual(BF16Gemm.round(1 + 1.0 / 256), 1)  // halfway between 1 and 1 + 2⁻⁷: to the even 1
        XCTAssertEqual(BF16Gemm.round(1 + 3.0 / 256), 1 + 4.0 / 256)  // halfway between 1 + 2⁻⁷ and 1 + 2⁻⁶: to even
        XCTAssertEqual(BF16Gemm.round(1 + 1.0 / 256 + 1.0 / 65536), 1 + 1.0 / 128)  // above halfway: up
        XCTAssertEqual(BF16Gemm.round(-3.0), -3.0)  // exact
        XCTAssertEqual(BF16Gemm.round(.infinity), .infinity)
        XCTAssertTrue(BF16Gemm.round(.nan).isNaN)
    }

    /// Attention's batched products (QKᵀ per head) in bf16.
    func testBatchedBF16ProductsAreWithinTheBound() {
        let (batch, m, n, k) = (6, 11, 13, 64)
        let q = Tensor.uniform([batch, m, k], low: -1, high: 1, generator: &generator)
        let key = Tensor.uniform([batch, n, k], low: -1, high: 1, generator: &generator)
        let (qv, kv) = (q.scalars, key.scalars)
        Gemm.precision = .bf16
        let scores = matmul(q, key, transposeB: true).scalars
        for e in 0..<batch {
            assertWithinBF16Bound(Array(scores[(e * m * n)..<((e + 1) * m * n)]), m: m, n: n, k: k,
                                  a: { qv[e * m * k + $0 * k + $1] }, b: { kv[e * n * k + $1 * k + $0] })
        }
    }

    /// A linear layer's backward in bf16: dx = g · W and dW = gᵀ · x, each within the bound of its own product.
    func testLinearBackwardInBF16IsWithinTheBound() {
        let (rows, inputs, outputs) = (40, 70, 24)
        let x = Tensor.uniform([rows, inputs], low: -1, high: 1, generator: &generator).requiringGrad()
        let w = Tensor.uniform([outputs, inputs], low: -1, high: 1, generator: &generator).requiringGrad()
        let bias = Tensor.uniform([outputs], low: -1, high: 1, generator: &generator).requiringGrad()
        let g = Tensor.uniform([rows, outputs], low: -1, high: 1, generator: &generator)
        let (xv, wv, gv) = (x.scalars, w.scalars, g.scalars)
        Gemm.precision = .bf16
        let y = linear(x, weight: w, bias: bias)
        y.backward(seed: g)
        // forward: y = x · Wᵀ + bias, the bias added exactly in fp32 before the product's sum
        let bv = bias.scalars
        let product = y.scalars.enumerated().map { $0.element - bv[$0.offset % outputs] }
        assertWithinBF16Bound(product, m: rows, n: outputs, k: inputs, a: { xv[$0 * inputs + $1] }, b: { wv[$1 * inputs + $0] })
        assertWithinBF16Bound(x.grad!.scalars, m: rows, n: inputs, k: outputs, a: { gv[$0 * outputs + $1] }, b: { wv[$0 * inputs + $1] })
        assertWithinBF16Bound(w.grad!.scalars, m: outputs, n: inputs, k: rows, a: { gv[$1 * outputs + $0] }, b: { xv[$0 * inputs + $1] })
    }
}
