import CTernKernels

/// Layer normalisation over the last axis, y = (x − μ) / √(σ² + ε) · γ + β, fused: one kernel forward (saving μ and
/// 1/σ per row) and one backward that yields dx and accumulates dγ, dβ.
public func layerNorm(_ x: Tensor, gamma: Tensor, beta: Tensor, epsilon: Float = 1e-5) -> Tensor {
    let cols = x.shape.last ?? 1
    precondition(gamma.shape == [cols] && beta.shape == [cols], "layerNorm: gamma and beta must be [\(cols)], got \(gamma.shape) and \(beta.shape)")
    let rows = x.count / Swift.max(cols, 1)
    let out = Tensor.uninitialized(x.shape)
    let mean = Tensor.uninitialized([rows]), inverseDeviation = Tensor.uninitialized([rows])
    let px = x.storage.base, pg = gamma.storage.base, pb = beta.storage.base, po = out.storage.base
    let pm = mean.storage.base, pr = inverseDeviation.storage.base
    Kernels.parallelRows(rows, rowCost: cols * 4) { range in
        let offset = range.lowerBound * cols
        tern_layernorm_forward(px + offset, pg, pb, po + offset, pm + range.lowerBound, pr + range.lowerBound,
                               range.count, cols, epsilon)
    }
    let (savedX, savedGamma) = (x.detached(), gamma.detached())
    return out.recorded(x, gamma, beta) { g in
        let dx = Tensor.uninitialized(savedX.shape)
        // Each thread reduces dγ, dβ over its own rows; the partial sums are added at the end.
        let workers = Swift.max(1, Swift.min(Kernels.threads, rows))
        let partial = Tensor.zeros([workers, 2, cols])
        let pp = partial.storage.base
        let pxs = savedX.storage.base, pgs = savedGamma.storage.base, pgr = g.storage.base, pdx = dx.storage.base
        Kernels.blocks(rows: rows, workers: workers, parallel: rows * cols >= 1 << 15) { worker, block in
            let (start, offset) = (block.lowerBound, block.lowerBound * cols)
            tern_layernorm_backward(pxs + offset, pgs, pgr + offset, pm + start, pr + start, pdx + offset,
                                    pp + worker * 2 * cols, pp + worker * 2 * cols + cols, block.count, cols)
        }
        let sums = partial.sum(axis: 0)  // [2, cols]
        let dGamma = Tensor(shape: [cols], values: Array(sums.scalars[0..<cols]))
        let dBeta = Tensor(shape: [cols], values: Array(sums.scalars[cols..<(2 * cols)]))
        _ = (mean, inverseDeviation)  // kept alive for the kernel above
        return [dx, dGamma, dBeta]
    }
}
