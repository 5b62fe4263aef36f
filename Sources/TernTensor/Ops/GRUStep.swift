import CTernKernels

/// The element-wise part of a GRU step, fused: from the gate pre-activations gi = W_ih x + b_ih and
/// gh = W_hh h + b_hh ([batch, 3·hidden], PyTorch's gate order r, z, n) and the state h [batch, hidden],
///
///     r = σ(gi_r + gh_r)    z = σ(gi_z + gh_z)    n = tanh(gi_n + r ⊙ gh_n)    h' = n + z ⊙ (h − n)
///
/// One kernel forward (keeping r, z, n and gh_n for the backward) and one backward giving dgi, dgh and dh, in place of
/// six slices and nine element-wise ops per step with a tensor each.
public func gruStep(inputGates gi: Tensor, hiddenGates gh: Tensor, hidden h: Tensor) -> Tensor {
    precondition(h.rank == 2, "gruStep: hidden state must be [batch, hidden], got \(h.shape)")
    let (rows, size) = (h.shape[0], h.shape[1])
    precondition(gi.shape == [rows, 3 * size] && gh.shape == [rows, 3 * size],
                 "gruStep: gates must be [\(rows), \(3 * size)], got \(gi.shape) and \(gh.shape)")
    let out = Tensor.uninitialized([rows, size])
    let needsBackward = GradMode.isEnabled && (gi.requiresGrad || gh.requiresGrad || h.requiresGrad)
    let saved = needsBackward ? Tensor.uninitialized([rows, 4 * size]) : nil
    let pi = gi.storage.base, pg = gh.storage.base, ph = h.storage.base, po = out.storage.base
    let ps = saved?.storage.base
    Kernels.parallelRows(rows, rowCost: size * 8) { range in
        let lo = range.lowerBound
        tern_gru_forward(pi + lo * 3 * size, pg + lo * 3 * size, ph + lo * size, po + lo * size,
                         ps.map { $0 + lo * 4 * size }, range.count, size)
    }
    guard let saved else { return out }
    let savedHidden = h.detached()
    return out.recorded(gi, gh, h) { g in
        let dgi = Tensor.uninitialized([rows, 3 * size]), dgh = Tensor.uninitialized([rows, 3 * size])
        let dh = Tensor.uninitialized([rows, size])
        let psh = savedHidden.storage.base, pss = saved.storage.base, pgr = g.storage.base
        let pdi = dgi.storage.base, pdg = dgh.storage.base, pdh = dh.storage.base
        Kernels.parallelRows(rows, rowCost: size * 8) { range in
            let lo = range.lowerBound
            tern_gru_backward(psh + lo * size, pss + lo * 4 * size, pgr + lo * size, pdi + lo * 3 * size,
                              pdg + lo * 3 * size, pdh + lo * size, range.count, size)
        }
        return [dgi, dgh, dh]
    }
}
