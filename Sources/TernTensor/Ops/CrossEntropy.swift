import CTernKernels

/// Label-smoothed cross-entropy over the last axis of `logits` [..., V], fused with its softmax:
/// per position, (1 − ε)·(−log p[target]) + ε·mean over all V classes of −log p (PyTorch's convention), averaged over
/// the positions whose target is not `ignoreIndex` (padding). Returns a scalar.
///
/// The backward needs no saved probabilities beyond the gradient the forward already wrote: d loss / d logits is
/// (softmax − q)/count with q = (1 − ε)·onehot + ε/V, zero on ignored rows. It is computed in the forward pass (one
/// sweep over the V-wide rows instead of three) and scaled by the incoming gradient.
public func crossEntropy(logits: Tensor, targets: [Int32], labelSmoothing: Float = 0, ignoreIndex: Int32 = 0) -> Tensor {
    let classes = logits.shape.last ?? 1
    let rows = logits.count / Swift.max(classes, 1)
    precondition(targets.count == rows, "crossEntropy: \(targets.count) targets for \(rows) rows of logits \(logits.shape)")
    for t in targets where t != ignoreIndex {
        precondition(t >= 0 && Int(t) < classes, "crossEntropy: target \(t) outside 0..<\(classes)")
    }
    let counted = targets.reduce(0) { $0 + ($1 == ignoreIndex ? 0 : 1) }
    let scale = 1 / Float(Swift.max(counted, 1))
    let rowLoss = Tensor.uninitialized([rows])
    let wantsGrad = GradMode.isEnabled && logits.requiresGrad
    let gradient: Tensor? = wantsGrad ? Tensor.uninitialized(logits.shape) : nil
    let pl = logits.storage.base, pr = rowLoss.storage.base, pg = gradient?.storage.base
    targets.withUnsafeBufferPointer { pt in
        let pt = pt.baseAddress!
        Kernels.parallelRows(rows, rowCost: classes * 3) { range in
            let offset = range.lowerBound
            _ = tern_cross_entropy_rows(pl + offset * classes, pt + offset, pr + offset,
                                        pg.map { $0 + offset * classes }, scale, range.count, classes,
                                        labelSmoothing, ignoreIndex)
        }
    }
    let total = rowLoss.withUnsafeBufferPointer { values in values.reduce(Double(0)) { $0 + Double($1) } }
    let loss = Tensor(shape: [], values: [Float(total) * scale])
    guard let gradient else { return loss }
    return loss.recorded(logits) { g in [g.item == 1 ? gradient : gradient * g.item] }
}
