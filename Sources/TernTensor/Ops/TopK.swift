import CTernKernels

/// Next-token choices straight from logits [rows, vocabulary]: a row's log-softmax is x − lse(x), so a search
/// needs each row's log-sum-exp and its k best entries, never the normalised row (no [rows, vocabulary] output is
/// written). Inference only: nothing is recorded.
public enum LogitSelection {
    /// lse[r] = log Σ_v exp(x[r, v]), computed exactly as ``Tensor/logSoftmax()`` computes its offset.
    public static func logSumExp(_ x: Tensor) -> [Float] {
        precondition(x.rank == 2, "logSumExp needs [rows, columns], got \(x.shape)")
        let (rows, cols) = (x.shape[0], x.shape[1])
        var lse = [Float](repeating: 0, count: rows)
        let px = x.storage.base
        lse.withUnsafeMutableBufferPointer { out in
            let po = out.baseAddress!
            Kernels.parallelRows(rows, rowCost: cols) { range in
                let scratch = UnsafeMutablePointer<Float>.allocate(capacity: max(cols, 1))
                defer { scratch.deallocate() }
                tern_rows_logsumexp(px + range.lowerBound * cols, po + range.lowerBound, range.count, cols, scratch)
            }
        }
        return lse
    }

    /// Per row, the `k` largest log-probabilities x[r, v] − lse[r], best first (ties: lower v first), leaving out
    /// v = `excluded[r]` (−1: none) and −inf entries; rows with fewer than k finite entries are padded with −inf
    /// and index −1.
    /// - Returns: values and indices, each [rows · k] row-major.
    public static func topK(_ x: Tensor, logSumExp lse: [Float], k: Int, excluded: [Int32]? = nil) -> (values: [Float], indices: [Int32]) {
        precondition(x.rank == 2 && lse.count == x.shape[0] && k >= 1, "topK of \(x.shape) with \(lse.count) offsets, k \(k)")
        precondition(excluded == nil || excluded!.count == x.shape[0], "one excluded id per row")
        let (rows, cols) = (x.shape[0], x.shape[1])
        var values = [Float](repeating: 0, count: rows * k)
        var indices = [Int32](repeating: 0, count: rows * k)
        let px = x.storage.base
        lse.withUnsafeBufferPointer { lse in
            (excluded ?? []).withUnsafeBufferPointer { excluded in
                values.withUnsafeMutableBufferPointer { values in
                    indices.withUnsafeMutableBufferPointer { indices in
                        let pl = lse.baseAddress!, pe = excluded.baseAddress, pv = values.baseAddress!, pi = indices.baseAddress!
                        Kernels.parallelRows(rows, rowCost: cols) { range in
                            let r = range.lowerBound
                            tern_rows_topk(px + r * cols, pl + r, pe.map { $0 + r }, range.count, cols, k, pv + r * k, pi + r * k)
                        }
                    }
                }
            }
        }
        return (values, indices)
    }
}
