import CTernKernels

/// The element-wise part of an LSTM step, fused: from the gate pre-activations gi = W_ih x + b_ih and
/// gh = W_hh h + b_hh ([batch, 4·hidden], PyTorch's gate order i, f, g, o) and the cell c [batch, hidden],
///
///     i, f, o = σ(gi + gh)    g = tanh(gi + gh)    c' = f ⊙ c + i ⊙ g    h' = o ⊙ tanh(c')
///
/// - Returns: [batch, 2·hidden], each row h' then c' (the engine's ops have one output; slice the two halves).
public func lstmStep(inputGates gi: Tensor, hiddenGates gh: Tensor, cell c: Tensor) -> Tensor {
    precondition(c.rank == 2, "lstmStep: cell must be [batch, hidden], got \(c.shape)")
    let (rows, size) = (c.shape[0], c.shape[1])
    precondition(gi.shape == [rows, 4 * size] && gh.shape == [rows, 4 * size],
                 "lstmStep: gates must be [\(rows), \(4 * size)], got \(gi.shape) and \(gh.shape)")
    let out = Tensor.uninitialized([rows, 2 * size])
    let needsBackward = GradMode.isEnabled && (gi.requiresGrad || gh.requiresGrad || c.requiresGrad)
    let saved = needsBackward ? Tensor.uninitialized([rows, 5 * size]) : nil
    let pi = gi.storage.base, pg = gh.storage.base, pc = c.storage.base, po = out.storage.base
    let ps = saved?.storage.base
    Kernels.parallelRows(rows, rowCost: size * 10) { range in
        let lo = range.lowerBound
        tern_lstm_forward(pi + lo * 4 * size, pg + lo * 4 * size, pc + lo * size, po + lo * 2 * size,
                          ps.map { $0 + lo * 5 * size }, range.count, size)
    }
    guard let saved else { return out }
    let savedCell = c.detached()
    return out.recorded(gi, gh, c) { g in
        let dGates = Tensor.uninitialized([rows, 4 * size]), dCell = Tensor.uninitialized([rows, size])
        let psc = savedCell.storage.base, pss = saved.storage.base, pgr = g.storage.base
        let pd = dGates.storage.base, pdc = dCell.storage.base
        Kernels.parallelRows(rows, rowCost: size * 10) { range in
            let lo = range.lowerBound
            tern_lstm_backward(psc + lo * size, pss + lo * 5 * size, pgr + lo * 2 * size, pd + lo * 4 * size,
                               pdc + lo * size, range.count, size)
        }
        return [dGates, dGates, dCell]
    }
}
