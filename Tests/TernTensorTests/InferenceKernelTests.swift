import TernTensor
import TernTestSupport
import XCTest

/// The inference-only kernels against the same maths done the long way: int8 products within their derived error
/// bound, single-query attention through index tables against gathered tensors, and log-softmax statistics with
/// top-k against a full log-softmax and sort.
final class InferenceKernelTests: XCTestCase {
    var generator = SeededGenerator(seed: 29)

    func random(_ shape: [Int], _ scale: Float = 1) -> Tensor { Tensor.uniform(shape, low: -scale, high: scale, generator: &generator) }

    /// Rounding x to the grid of its row's step s_r = max|x_r|/127 moves it by at most s_r/2, and likewise each
    /// weight by s_o/2 (s_o = max|W_o|/L, Ŵ = dequantised weights). So
    ///   |Σ x·w − Σ x̂·ŵ| ≤ Σ |x||w − ŵ| + Σ |ŵ||x − x̂| ≤ ½ s_o Σ|x| + ½ s_r Σ|ŵ|,
    /// to which Float32 accumulation adds a relative 1e-5 or so. A product that saturated 16-bit pair sums (oneDNN's
    /// AVX2 path without VNNI multiplies pairs with vpmaddubsw) or mixed up a scale would break it.
    func testInt8LinearIsWithinTheQuantisationBound() {
        for (rows, inputs, outputs) in [(7, 256, 96), (64, 256, 768), (3, 1024, 256), (1, 16, 5)] {
            // Inputs with a heavy tail, as layer-norm outputs have; weights of mixed row norms.
            var x = random([rows, inputs], 3)
            x.withUnsafeMutableBufferPointer { v in for i in stride(from: 0, to: v.count, by: 37) { v[i] *= 4 } }
            let w = random([outputs, inputs], 0.2) * Tensor(shape: [outputs, 1], values: (0..<outputs).map { 0.25 + Float($0 % 7) })
            let bias = random([outputs])
            let quantized = QuantizedMatrix(quantizing: w)
            let got = quantizedLinear(x, weight: quantized, bias: bias).scalars
            let exact = linear(x, weight: w, bias: bias).scalars
            let dequantized = quantized.dequantized().scalars
            let xs = x.scalars
            var worstRatio: Float = 0, worstError: Float = 0
            for r in 0..<rows {
                let rowAbs = xs[(r * inputs)..<((r + 1) * inputs)].reduce(0) { $0 + abs($1) }
                let rowScale = xs[(r * inputs)..<((r + 1) * inputs)].reduce(0) { max($0, abs($1)) } / 127
                for o in 0..<outputs {
                    let weightAbs = dequantized[(o * inputs)..<((o + 1) * inputs)].reduce(0) { $0 + abs($1) }
                    let bound = 0.5 * quantized.scales[o] * rowAbs + 0.5 * rowScale * weightAbs
                    let error = abs(got[r * outputs + o] - exact[r * outputs + o])
                    worstRatio = max(worstRatio, error / (bound * 1.001 + 1e-4))
                    worstError = max(worstError, error)
                }
            }
            XCTAssertLessThanOrEqual(worstRatio, 1, "\(rows)×\(outputs)×\(inputs): int8 error beyond the quantisation bound")
            // and not trivially: the int8 result is not the Float32 one
            XCTAssertGreaterThan(worstError, 0, "\(rows)×\(outputs)×\(inputs)")
            print("int8 linear \(rows)×\(outputs)×\(inputs): worst error \(worstError), \(worstRatio) of the bound")
        }
    }

    func testQuantisationIsPerOutputChannel() {
        let w = Tensor(shape: [2, 3], values: [0.4, -1, 0.25, 100, 0, -40])
        let q = QuantizedMatrix(quantizing: w)
        let levels = Float(QuantizedMatrix.weightLevels)
        XCTAssertEqual(q.scales, [1 / levels, 100 / levels])
        // 0.4·63 = 25.2, 0.25·63 = 15.75 (0.4·127 = 50.8, 0.25·127 = 31.75)
        XCTAssertEqual(Array(q.values[0..<3]), levels == 63 ? [25, -63, 16] : [51, -127, 32])
        XCTAssertEqual(Array(q.values[3..<6]), levels == 63 ? [63, 0, -25] : [127, 0, -51])
    }

    /// [rows, heads, 1, positions] attention done with matmul and softmax on gathered keys and values.
    func composedAttention(query: Tensor, keys: Tensor, values: Tensor, mask: Tensor?, heads: Int) -> (Tensor, Tensor) {
        let (rows, d) = (query.shape[0], query.shape[1]), headDim = d / heads, positions = keys.shape[1]
        let q = query.reshaped([rows, 1, heads, headDim]).permuted([0, 2, 1, 3])                  // [rows, heads, 1, hd]
        let k = keys.reshaped([rows, positions, heads, headDim]).permuted([0, 2, 1, 3])            // [rows, heads, T, hd]
        let v = values.reshaped([rows, positions, heads, headDim]).permuted([0, 2, 1, 3])
        var scores = matmul(q, k, transposeB: true, alpha: 1 / Float(headDim).squareRoot())        // [rows, heads, 1, T]
        if let mask { scores = scores + mask }
        let weights = scores.softmax()
        let context = matmul(weights, v).permuted([0, 2, 1, 3]).reshaped([rows, d])
        return (context, weights.reshaped([rows, heads, positions]))
    }

    func testAttentionStepOverReorderedStepsMatchesGatheredTensors() {
        let (heads, headDim, width) = (4, 8, 3 * 32)
        // Five steps whose row counts change (beam expansion, a sentence ending), with random ancestry.
        let stepRows = [2, 6, 6, 5, 5]
        var blocks: [KeyValueBlock] = []
        var ancestry: [[Int]] = []  // ancestry[r][t]: row of step t's block read by row r of the last step
        var previousAncestry: [[Int]] = []
        for (t, rows) in stepRows.enumerated() {
            let block = random([rows, width])
            blocks.append(KeyValueBlock(keys: block, values: block, keyColumn: 32, valueColumn: 64))
            let parents = (0..<rows).map { _ in Int(generator.next() % UInt64(t == 0 ? rows : stepRows[t - 1])) }
            ancestry = (0..<rows).map { r in (t == 0 ? [] : previousAncestry[parents[r]]) + [r] }
            previousAncestry = ancestry
        }
        let rows = stepRows.last!, positions = stepRows.count
        let stride = positions + 3
        var map = [Int32](repeating: 0, count: rows * stride)
        for r in 0..<rows { for t in 0..<positions { map[r * stride + t] = Int32(ancestry[r][t]) } }
        let query = random([rows, width])
        let step = attentionStep(query: query, queryColumn: 0, heads: heads, headDim: headDim,
                                 source: .steps(blocks: blocks, rowMap: map, mapStride: stride))
        // Gather each row's keys and values into [rows, positions, 32].
        var keys = [Float](), values = [Float]()
        for r in 0..<rows {
            for t in 0..<positions {
                let row = blocks[t].keys.scalars[(ancestry[r][t] * width)..<((ancestry[r][t] + 1) * width)]
                keys += row[(row.startIndex + 32)..<(row.startIndex + 64)]
                values += row[(row.startIndex + 64)..<(row.startIndex + 96)]
            }
        }
        let q = query.slice(axis: 1, range: 0..<32)
        let (context, weights) = composedAttention(query: q, keys: Tensor(shape: [rows, positions, 32], values: keys),
                                                   values: Tensor(shape: [rows, positions, 32], values: values), mask: nil, heads: heads)
        assertClose(step.context.scalars, context.scalars, absoluteTolerance: 1e-5, relativeTolerance: 1e-4)
        assertClose(step.weights.scalars, weights.scalars, absoluteTolerance: 1e-6, relativeTolerance: 1e-4)
    }

    func testAttentionStepOverSharedMemoryMatchesExpandedMemory() {
        let (heads, headDim, sourceLength) = (2, 16, 7)
        let lengths = [7, 4, 5]
        let memory = random([lengths.count * sourceLength, 2 * 32])                                // [sentences·source, k|v]
        let rowSources: [Int32] = [2, 2, 0, 1, 1, 1, 0]
        let rows = rowSources.count
        let query = random([rows, 32])
        let step = attentionStep(query: query, heads: heads, headDim: headDim, source: .memory(
            block: KeyValueBlock(keys: memory, values: memory, keyColumn: 0, valueColumn: 32), sourceLength: sourceLength,
            rowSources: rowSources, lengths: rowSources.map { Int32(lengths[Int($0)]) }))
        let expanded = memory.reshaped([lengths.count, sourceLength, 64]).selectingFirstAxis(rowSources.map(Int.init))
        let keys = expanded.slice(axis: 2, range: 0..<32), values = expanded.slice(axis: 2, range: 32..<64)
        let mask = Masks.padding(lengths: rowSources.map { lengths[Int($0)] }, maxLength: sourceLength)  // [rows, 1, 1, source]
        let (context, weights) = composedAttention(query: query, keys: keys, values: values, mask: mask, heads: heads)
        assertClose(step.context.scalars, context.scalars, absoluteTolerance: 1e-5, relativeTolerance: 1e-4)
        assertClose(step.weights.scalars, weights.scalars, absoluteTolerance: 1e-6, relativeTolerance: 1e-4)
        // nothing at all on padding
        for r in 0..<rows {
            for h in 0..<heads {
                let start = (r * heads + h) * sourceLength
                XCTAssertTrue(step.weights.scalars[(start + lengths[Int(rowSources[r])])..<(start + sourceLength)].allSatisfy { $0 == 0 })
            }
        }
    }

    func testLogSumExpAndTopKMatchLogSoftmaxAndSort() {
        let (rows, vocabulary, k) = (9, 1000, 10)
        var x = random([rows, vocabulary], 4)
        // exact ties and banned entries
        x.withUnsafeMutableBufferPointer { v in
            v[3] = 50; v[17] = 50; v[1000 + 5] = -.infinity; v[2000 + 999] = 60
        }
        let excluded: [Int32] = [-1, -1, 999, -1, -1, -1, -1, -1, 0]
        let lse = LogitSelection.logSumExp(x)
        let (values, indices) = LogitSelection.topK(x, logSumExp: lse, k: k, excluded: excluded)
        let logProbabilities = x.logSoftmax().scalars
        for r in 0..<rows {
            let row = Array(logProbabilities[(r * vocabulary)..<((r + 1) * vocabulary)])
            let order = (0..<vocabulary).filter { $0 != Int(excluded[r]) && row[$0] > -.infinity }
                .sorted { row[$0] > row[$1] || (row[$0] == row[$1] && $0 < $1) }
            XCTAssertEqual(indices[(r * k)..<((r + 1) * k)].map(Int.init), Array(order.prefix(k)), "row \(r)")
            XCTAssertEqual(Array(values[(r * k)..<((r + 1) * k)]), order.prefix(k).map { row[$0] }, "row \(r): same values as logSoftmax, bit for bit")
        }
        XCTAssertEqual(Array(indices[0..<2]), [3, 17], "tie at 50: the lower id first")
        XCTAssertFalse(indices[(2 * k)..<(3 * k)].contains(999), "row 2: its best entry is excluded")
        XCTAssertFalse(indices[k..<(2 * k)].contains(5), "−inf never chosen")
    }
}

private extension Tensor {
    /// Rows of the first axis, through plain arrays (the test does not lean on the op under test).
    func selectingFirstAxis(_ rows: [Int]) -> Tensor {
        let width = count / shape[0]
        let values = scalars
        return Tensor(shape: [rows.count] + shape.dropFirst(), values: rows.flatMap { values[($0 * width)..<(($0 + 1) * width)] })
    }
}
