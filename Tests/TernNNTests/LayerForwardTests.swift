import Foundation
import TernNN
import TernTensor
import TernTestSupport
import XCTest

/// Forward values against equations written out independently, and invariants of the layers.
final class LayerForwardTests: XCTestCase {
    var generator = SeededGenerator(seed: 5)

    func testSinusoidalPositionsFollowTheFormula() {
        let table = SinusoidalPositions(dimension: 6)(length: 4, offset: 3).scalars
        for row in 0..<4 {
            for feature in 0..<6 {
                let position = Double(3 + row)
                let angle = position / pow(10000, Double(2 * (feature / 2)) / 6)
                let expected = feature % 2 == 0 ? sin(angle) : cos(angle)
                XCTAssertEqual(Double(table[row * 6 + feature]), expected, accuracy: 1e-6, "row \(row) feature \(feature)")
            }
        }
    }

    func testGRUCellMatchesTheGateEquations() {
        let cell = GRUCell(inputSize: 2, hiddenSize: 3, generator: &generator)
        let x = Tensor.uniform([1, 2], low: -1, high: 1, generator: &generator)
        let h = Tensor.uniform([1, 3], low: -1, high: 1, generator: &generator)
        let got = cell(x, state: RecurrentState(hidden: h)).hidden.scalars
        let (wi, wh, bi, bh) = (cell.weightIH.value.scalars, cell.weightHH.value.scalars, cell.biasIH.value.scalars, cell.biasHH.value.scalars)
        let (xv, hv) = (x.scalars, h.scalars)
        func gi(_ row: Int) -> Double { (0..<2).reduce(Double(bi[row])) { $0 + Double(wi[row * 2 + $1] * xv[$1]) } }
        func gh(_ row: Int) -> Double { (0..<3).reduce(Double(bh[row])) { $0 + Double(wh[row * 3 + $1] * hv[$1]) } }
        func sigmoid(_ v: Double) -> Double { 1 / (1 + exp(-v)) }
        for j in 0..<3 {
            let r = sigmoid(gi(j) + gh(j)), z = sigmoid(gi(3 + j) + gh(3 + j))
            let n = tanh(gi(6 + j) + r * gh(6 + j))
            XCTAssertEqual(Double(got[j]), (1 - z) * n + z * Double(hv[j]), accuracy: 1e-6)
        }
    }

    func testLSTMCellMatchesTheGateEquations() {
        let cell = LSTMCell(inputSize: 2, hiddenSize: 2, generator: &generator)
        let x = Tensor.uniform([1, 2], low: -1, high: 1, generator: &generator)
        let h = Tensor.uniform([1, 2], low: -1, high: 1, generator: &generator)
        let c = Tensor.uniform([1, 2], low: -1, high: 1, generator: &generator)
        let got = cell(x, state: RecurrentState(hidden: h, cell: c))
        let (wi, wh, bi, bh) = (cell.weightIH.value.scalars, cell.weightHH.value.scalars, cell.biasIH.value.scalars, cell.biasHH.value.scalars)
        let (xv, hv, cv) = (x.scalars, h.scalars, c.scalars)
        func gate(_ row: Int) -> Double {
            (0..<2).reduce(Double(bi[row] + bh[row])) { $0 + Double(wi[row * 2 + $1] * xv[$1] + wh[row * 2 + $1] * hv[$1]) }
        }
        func sigmoid(_ v: Double) -> Double { 1 / (1 + exp(-v)) }
        for j in 0..<2 {
            let i = sigmoid(gate(j)), f = sigmoid(gate(2 + j)), g = tanh(gate(4 + j)), o = sigmoid(gate(6 + j))
            let cell = f * Double(cv[j]) + i * g
            XCTAssertEqual(Double(got.cell!.scalars[j]), cell, accuracy: 1e-6)
            XCTAssertEqual(Double(got.hidden.scalars[j]), o * tanh(cell), accuracy: 1e-6)
        }
    }

    func testPaddedPositionsGetNoAttention() {
        let bahdanau = BahdanauAttention(querySize: 3, memorySize: 4, attentionSize: 4, generator: &generator)
        let memory = Tensor.uniform([2, 4, 4], low: -1, high: 1, generator: &generator)
        let query = Tensor.uniform([2, 3], low: -1, high: 1, generator: &generator)
        let out = bahdanau(query, keys: bahdanau.projectKeys(memory), memory: memory,
                           mask: Masks.padding(lengths: [4, 2], maxLength: 4))
        let w = out.weights.scalars
        // The engine's exp underflows to a denormal (~1e-39) rather than exactly 0 for a blocked score.
        XCTAssertLessThan(w[6], 1e-30)
        XCTAssertLessThan(w[7], 1e-30)
        XCTAssertEqual(w[4] + w[5], 1, accuracy: 1e-6)
        // The second sentence alone, without padding, gives the same context.
        let alone = memory.selectingRows([1]).slice(axis: 1, range: 0..<2)
        let single = bahdanau(query.selectingRows([1]), keys: bahdanau.projectKeys(alone), memory: alone, mask: nil)
        assertClose(single.context.scalars, Array(out.context.scalars[4..<8]), absoluteTolerance: 1e-6)
    }

    func testMultiHeadWeightsAndIncrementalSelfAttention() {
        let attention = MultiHeadAttention(dModel: 8, heads: 2, generator: &generator)
        let x = Tensor.uniform([2, 5, 8], low: -1, high: 1, generator: &generator)
        let full = attention(x, source: x, mask: Masks.causal(5))
        XCTAssertEqual(full.weights.shape, [2, 2, 5, 5])
        // Rows sum to one, and no query looks ahead.
        let w = full.weights.scalars
        for row in 0..<(2 * 2 * 5) {
            XCTAssertEqual(w[(row * 5)..<(row * 5 + 5)].reduce(0, +), 1, accuracy: 1e-5)
            for key in (row % 5 + 1)..<5 { XCTAssertLessThan(w[row * 5 + key], 1e-30) }
        }
        // One position at a time with a growing cache gives the same context.
        var cache: KeyValueCache? = nil
        for t in 0..<5 {
            let step = x.slice(axis: 1, range: t..<(t + 1))
            cache = attention.appendingKeysValues(of: step, to: cache)
            let out = attention.attend(step, to: cache!)
            let expected = full.context.slice(axis: 1, range: t..<(t + 1))
            assertClose(out.context.scalars, expected.scalars, absoluteTolerance: 1e-5, "step \(t)")
        }
    }

    func testDropoutOnlyWhileTraining() {
        let layer = Dropout(rate: 0.5, seed: 3)
        let x = Tensor.ones([1000])
        let dropped = layer(x).scalars
        XCTAssertTrue(dropped.allSatisfy { $0 == 0 || $0 == 2 })
        XCTAssertEqual(Double(dropped.filter { $0 == 0 }.count), 500, accuracy: 60)
        layer.train(false)
        XCTAssertEqual(layer(x).scalars, x.scalars)
    }

    func testXavierBoundsAndSeededRepeatability() {
        var a = SeededGenerator(seed: 9), b = SeededGenerator(seed: 9)
        let first = Initializer.xavierUniform().make([30, 20], generator: &a).scalars
        let second = Initializer.xavierUniform().make([30, 20], generator: &b).scalars
        XCTAssertEqual(first, second)
        let bound = Float((6.0 / 50.0).squareRoot())
        XCTAssertTrue(first.allSatisfy { abs($0) <= bound })
        XCTAssertGreaterThan(first.map(abs).max()!, bound * 0.9)
    }

    func testLeCunNormalHasVarianceOneOverFanIn() {
        var generator = SeededGenerator(seed: 9)
        // [out 200, in 400]: std 1/√400 = 0.05 whatever the fan-out (Xavier's would be √(2/600) ≈ 0.058).
        let weights = Initializer.lecunNormal.make([200, 400], generator: &generator).scalars
        let mean = weights.reduce(0.0) { $0 + Double($1) } / Double(weights.count)
        let variance = weights.reduce(0.0) { $0 + Double($1) * Double($1) } / Double(weights.count) - mean * mean
        // 80 000 draws: the standard error of the mean is ≈ 2e-4 and of the standard deviation ≈ 1.3e-4.
        XCTAssertEqual(mean, 0, accuracy: 1e-3)
        XCTAssertEqual(variance.squareRoot(), 0.05, accuracy: 1e-3)
        // Normal, not uniform of the same spread: about 4.55 % lie beyond 2σ (a uniform of std σ ends at 1.73σ).
        let beyond = Double(weights.filter { abs($0) > 0.1 }.count) / Double(weights.count)
        XCTAssertEqual(beyond, 0.0455, accuracy: 0.005)
    }
}
