import CTernKernels

/// Matrix products, all through ``Gemm`` (oneDNN by default), with the transposes passed as flags so no
/// transposed copy is ever made.
///
/// Shapes: `a` is [..., M, K] (or [..., K, M] with `transposeA`), `b` is [K, N] (or [N, K] with `transposeB`).
/// When `b` is a matrix, all leading dimensions of `a` fold into M and the product is one GEMM (a Linear layer over
/// a whole batch). When both have rank ≥ 3, their leading dimensions must agree and each batch entry is its own
/// GEMM (attention).
///
/// Backward of C = op(A)·op(B), per batch entry:
/// - neither: dA = dC·Bᵀ, dB = Aᵀ·dC;  transposeB: dA = dC·B, dB = dCᵀ·A;
/// - transposeA: dA = B·dCᵀ, dB = A·dC;  both: dA = Bᵀ·dCᵀ, dB = dCᵀ·Aᵀ.
/// When `b` is a shared matrix, its gradient sums over the folded batch inside the single GEMM.
public func matmul(_ a: Tensor, _ b: Tensor, transposeA: Bool = false, transposeB: Bool = false, alpha: Float = 1) -> Tensor {
    let out = MatMulKernel.product(a, b, transposeA: transposeA, transposeB: transposeB, alpha: alpha)
    return out.recorded(a, b) { g in
        let ad = a.detached(), bd = b.detached()
        var da: Tensor? = nil, db: Tensor? = nil
        if b.rank == 2 && a.rank > 2 && !transposeA {
            // Folded case: work on [M, K] views.
            let k = a.shape.last!
            let a2 = ad.reshaped([-1, k]), g2 = g.reshaped([-1, g.shape.last!])
            if a.requiresGrad {
                da = MatMulKernel.product(g2, bd, transposeA: false, transposeB: !transposeB, alpha: alpha).reshaped(a.shape)
            }
            if b.requiresGrad {
                db = transposeB ? MatMulKernel.product(g2, a2, transposeA: true, transposeB: false, alpha: alpha)
                                : MatMulKernel.product(a2, g2, transposeA: true, transposeB: false, alpha: alpha)
            }
            return [da, db]
        }
        switch (transposeA, transposeB) {
        case (false, false):
            if a.requiresGrad { da = MatMulKernel.product(g, bd, transposeA: false, transposeB: true, alpha: alpha) }
            if b.requiresGrad { db = MatMulKernel.product(ad, g, transposeA: true, transposeB: false, alpha: alpha) }
        case (false, true):
            if a.requiresGrad { da = MatMulKernel.product(g, bd, transposeA: false, transposeB: false, alpha: alpha) }
            if b.requiresGrad { db = MatMulKernel.product(g, ad, transposeA: true, transposeB: false, alpha: alpha) }
        case (true, false):
            if a.requiresGrad { da = MatMulKernel.product(bd, g, transposeA: false, transposeB: true, alpha: alpha) }
            if b.requiresGrad { db = MatMulKernel.product(ad, g, transposeA: false, transposeB: false, alpha: alpha) }
        case (true, true):
            if a.requiresGrad { da = MatMulKernel.product(bd, g, transposeA: true, transposeB: true, alpha: alpha) }
            if b.requiresGrad { db = MatMulKernel.product(g, ad, transposeA: true, transposeB: true, alpha: alpha) }
        }
        return [da, db]
    }
}

/// y = x·Wᵀ + b with W stored as [out, in] (PyTorch's layout): one GEMM, the bias folded in by pre-filling the
/// output rows and running the GEMM with beta = 1.
public func linear(_ x: Tensor, weight: Tensor, bias: Tensor? = nil) -> Tensor {
    precondition(weight.rank == 2, "linear: weight must be [out, in], got \(weight.shape)")
    let (outFeatures, inFeatures) = (weight.shape[0], weight.shape[1])
    precondition(x.shape.last == inFeatures, "linear: input \(x.shape) does not end in \(inFeatures)")
    guard let bias else { return matmul(x, weight, transposeB: true) }
    precondition(bias.shape == [outFeatures], "linear: bias must be [\(outFeatures)], got \(bias.shape)")
    let rows = x.count / Swift.max(inFeatures, 1)
    var outShape = x.shape
    outShape[outShape.count - 1] = outFeatures
    let out = Tensor.uninitialized(outShape)
    let po = out.storage.base, pb = bias.storage.base
    for r in 0..<rows { (po + r * outFeatures).update(from: pb, count: outFeatures) }
    Gemm.sgemm(transposeA: false, transposeB: true, m: rows, n: outFeatures, k: inFeatures,
               a: x.storage.base, lda: inFeatures, b: weight.storage.base, ldb: inFeatures,
               beta: 1, c: po, ldc: outFeatures)
    return out.recorded(x, weight, bias) { g in
        let g2 = g.reshaped([rows, outFeatures])
        let dx = x.requiresGrad ? MatMulKernel.product(g2, weight.detached(), transposeA: false, transposeB: false, alpha: 1).reshaped(x.shape) : nil
        let dw = weight.requiresGrad ? MatMulKernel.product(g2, x.detached().reshaped([rows, inFeatures]), transposeA: true, transposeB: false, alpha: 1) : nil
        var db: Tensor? = nil
        if bias.requiresGrad {
            let sums = Tensor.zeros([outFeatures])
            tern_column_sums_accumulate(g2.storage.base, sums.storage.base, rows, outFeatures)
            db = sums
        }
        return [dx, dw, db]
    }
}

/// The unrecorded products behind `matmul` and the backward passes.
enum MatMulKernel {
    static func product(_ a: Tensor, _ b: Tensor, transposeA: Bool, transposeB: Bool, alpha: Float) -> Tensor {
        precondition(a.rank >= 2 && b.rank >= 2, "matmul needs matrices, got \(a.shape) and \(b.shape)")
        if b.rank == 2 && (a.rank == 2 || !transposeA) {
            let k = transposeA ? a.shape[a.rank - 2] : a.shape[a.rank - 1]
            let m = transposeA ? a.shape[a.rank - 1] : a.count / Swift.max(k, 1)
            let (bk, n) = transposeB ? (b.shape[1], b.shape[0]) : (b.shape[0], b.shape[1])
            precondition(k == bk, "matmul: inner dimensions differ, \(a.shape)\(transposeA ? "ᵀ" : "") × \(b.shape)\(transposeB ? "ᵀ" : "")")
            var outShape = a.rank == 2 ? [m] : Array(a.shape.dropLast())
            outShape.append(n)
            let out = Tensor.uninitialized(outShape)
            Gemm.sgemm(transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k, alpha: alpha,
                       a: a.storage.base, lda: a.shape[a.rank - 1], b: b.storage.base, ldb: b.shape[1],
                       c: out.storage.base, ldc: n)
            return out
        }
        precondition(a.rank == b.rank && a.shape.dropLast(2) == b.shape.dropLast(2),
                     "batched matmul needs equal leading dimensions, got \(a.shape) and \(b.shape)")
        let batch = Int.product(a.shape.dropLast(2))
        let (ar, ac) = (a.shape[a.rank - 2], a.shape[a.rank - 1])
        let (br, bc) = (b.shape[b.rank - 2], b.shape[b.rank - 1])
        let (m, k) = transposeA ? (ac, ar) : (ar, ac)
        let (bk, n) = transposeB ? (bc, br) : (br, bc)
        precondition(k == bk, "batched matmul: inner dimensions differ, \(a.shape) × \(b.shape)")
        var outShape = Array(a.shape.dropLast(2))
        outShape += [m, n]
        let out = Tensor.uninitialized(outShape)
        let pa = a.storage.base, pb = b.storage.base, pc = out.storage.base
        Gemm.batched(count: batch, transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k, alpha: alpha,
                     a: pa, strideA: ar * ac, lda: ac, b: pb, strideB: br * bc, ldb: bc, c: pc, strideC: m * n, ldc: n)
        return out
    }
}
