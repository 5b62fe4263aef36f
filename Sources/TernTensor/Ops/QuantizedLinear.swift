import CTernKernels

/// A weight matrix [out, in] quantised to int8 per output channel: row o is `scales[o] · values[o, :]`, with
/// scales[o] = max|W[o, :]| / L so the largest weight of each row maps to ±L (symmetric, no zero point).
///
/// L is 127 where oneDNN has VNNI, and 63 elsewhere: without VNNI its AVX2 and AVX-512 int8 kernels multiply
/// (activation + 128) as u8 by the weights as s8 with vpmaddubsw, which adds pairs of products in saturating 16-bit
/// arithmetic — 2·255·127 = 64770 overflows 32767, and a Float32-comparison test saw errors twice the rounding
/// bound. With 7-bit weights a pair is at most 2·255·63 = 32130: exact (oneDNN's own advice for such CPUs).
public struct QuantizedMatrix {
    /// ±L, the largest quantised weight (see above).
    public static let weightLevels: Int = tern_dnnl_int8_has_vnni() != 0 ? 127 : 63

    public let values: [Int8]
    public let scales: [Float]
    public let outputSize: Int
    public let inputSize: Int

    /// - Parameter levels: the largest quantised weight; ``weightLevels`` for this machine's int8 products (127 is
    ///   the stored grid of an exported int8 model, whatever the machine).
    public init(quantizing weight: Tensor, levels: Int = QuantizedMatrix.weightLevels) {
        precondition(weight.rank == 2, "QuantizedMatrix needs [out, in], got \(weight.shape)")
        let (rows, cols) = (weight.shape[0], weight.shape[1])
        var values = [Int8](repeating: 0, count: rows * cols)
        var scales = [Float](repeating: 0, count: rows)
        weight.withUnsafeBufferPointer { w in
            values.withUnsafeMutableBufferPointer { q in
                scales.withUnsafeMutableBufferPointer { s in
                    tern_quantize_rows_s8(w.baseAddress!, q.baseAddress!, s.baseAddress!, rows, cols, Int32(levels))
                }
            }
        }
        self.values = values
        self.scales = scales
        outputSize = rows
        inputSize = cols
    }

    /// The Float32 matrix the int8 one stands for (for error bounds in tests).
    public func dequantized() -> Tensor {
        Tensor(shape: [outputSize, inputSize]) { out in
            for o in 0..<outputSize { for i in 0..<inputSize { out[o * inputSize + i] = Float(values[o * inputSize + i]) * scales[o] } }
        }
    }
}

/// y = x·Wᵀ + b in int8: each row of `x` [..., in] quantised symmetrically with its own scale max|x_r| / 127, the
/// product taken s8 × s8 → s32 by oneDNN's matmul primitive, then y[r, o] = s32 · scale_r · scale_o + b[o].
/// Inference only: records no graph.
///
/// The error against the Float32 product is at most ½·scale_o·Σ_i|x_ri| + ½·scale_r·Σ_i|Ŵ_oi| per entry (each
/// rounding moves a value by at most half a step; Ŵ the dequantised weights), plus Float32 rounding.
public func quantizedLinear(_ x: Tensor, weight: QuantizedMatrix, bias: Tensor? = nil) -> Tensor {
    let (n, k) = (weight.outputSize, weight.inputSize)
    precondition(x.shape.last == k, "quantizedLinear: input \(x.shape) does not end in \(k)")
    precondition(bias == nil || bias!.shape == [n], "quantizedLinear: bias must be [\(n)]")
    let rows = x.count / Swift.max(k, 1)
    var outShape = x.shape
    outShape[outShape.count - 1] = n
    let out = Tensor.uninitialized(outShape)
    if rows == 0 { return out }
    // Scratch from the tensor pool: the s8 rows (k bytes each) and the s32 product (as many 4-byte words as y).
    let quantized = Tensor.uninitialized([(rows * k + 3) / 4])
    let products = Tensor.uninitialized([rows * n])
    var rowScales = [Float](repeating: 0, count: rows)
    let pq = UnsafeMutableRawPointer(quantized.storage.base).bindMemory(to: Int8.self, capacity: rows * k)
    let pc = UnsafeMutableRawPointer(products.storage.base).bindMemory(to: Int32.self, capacity: rows * n)
    let px = x.storage.base, py = out.storage.base, pb = bias.map { UnsafePointer($0.storage.base) }
    rowScales.withUnsafeMutableBufferPointer { scales in
        let ps = scales.baseAddress!
        Kernels.parallelRows(rows, rowCost: k) { range in
            tern_quantize_rows_s8(px + range.lowerBound * k, pq + range.lowerBound * k, ps + range.lowerBound, range.count, k, 127)
        }
        let start = GemmProfile.isEnabled ? GemmProfile.now() : 0
        let status = weight.values.withUnsafeBufferPointer { w in tern_dnnl_s8_matmul(rows, n, k, pq, w.baseAddress!, pc) }
        precondition(status != 0, "oneDNN refused the int8 matmul \(rows)×\(n)×\(k)")
        if GemmProfile.isEnabled { GemmProfile.record(m: rows, n: n, k: k, transposeA: false, transposeB: true, since: start, kind: "s8") }
        weight.scales.withUnsafeBufferPointer { columnScales in
            let pw = columnScales.baseAddress!
            Kernels.parallelRows(rows, rowCost: n) { range in
                let r = range.lowerBound
                tern_dequantize_rows(pc + r * n, ps + r, pw, pb, py + r * n, range.count, n)
            }
        }
    }
    withExtendedLifetime((quantized, products)) {}
    return out
}
