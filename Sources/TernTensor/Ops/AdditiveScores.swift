import CTernKernels

/// Bahdanau's attention energies, fused: scores[b, s] = Σₐ v[a] · tanh(keys[b, s, a] + query[b, a]).
///
/// The unfused form materialises tanh(keys + query) — [batch, source, size] per decoder step, kept for the backward —
/// and reduces it with a one-column GEMM; its backward sums a broadcast. Here the forward keeps nothing and the
/// backward recomputes the tanh, so a decoder step costs two passes over the keys and no stored activations.
///
/// - Parameters:
///   - keys: [batch, source, size], the projected encoder states.
///   - query: [batch, size], the projected decoder state.
///   - energy: v, [size] or [1, size].
/// - Returns: [batch, source].
public func additiveScores(keys: Tensor, query: Tensor, energy v: Tensor) -> Tensor {
    precondition(keys.rank == 3, "additiveScores: keys must be [batch, source, size], got \(keys.shape)")
    let (batch, length, size) = (keys.shape[0], keys.shape[1], keys.shape[2])
    precondition(query.shape == [batch, size], "additiveScores: query must be [\(batch), \(size)], got \(query.shape)")
    precondition(v.count == size, "additiveScores: energy must have \(size) values, got \(v.shape)")
    let out = Tensor.uninitialized([batch, length])
    let workers = Swift.max(1, Swift.min(Kernels.threads, batch))
    let scratch = Tensor.uninitialized([workers, size])
    let pk = keys.storage.base, pq = query.storage.base, pv = v.storage.base, po = out.storage.base
    let pscratch = scratch.storage.base
    let parallel = batch * length * size >= 1 << 15
    Kernels.blocks(rows: batch, workers: workers, parallel: parallel) { worker, rows in
        let start = rows.lowerBound
        tern_additive_scores(pk + start * length * size, pq + start * size, pv, po + start * length,
                             pscratch + worker * size, rows.count, length, size)
    }
    let (savedKeys, savedQuery, savedV) = (keys.detached(), query.detached(), v.detached())
    let energyShape = v.shape
    return out.recorded(keys, query, v) { g in
        let dKeys = Tensor.uninitialized([batch, length, size]), dQuery = Tensor.uninitialized([batch, size])
        let partial = Tensor.zeros([workers, size])  // each thread's share of dv
        let pk = savedKeys.storage.base, pq = savedQuery.storage.base, pv = savedV.storage.base
        let pg = g.storage.base, pdk = dKeys.storage.base, pdq = dQuery.storage.base, pp = partial.storage.base
        Kernels.blocks(rows: batch, workers: workers, parallel: parallel) { worker, rows in
            let start = rows.lowerBound
            tern_additive_scores_backward(pk + start * length * size, pq + start * size, pv, pg + start * length,
                                          pdk + start * length * size, pdq + start * size, pp + worker * size,
                                          rows.count, length, size)
        }
        return [dKeys, dQuery, partial.sum(axis: 0).reshaped(energyShape)]
    }
}
