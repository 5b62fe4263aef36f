import TernTensor

/// The global L2 norm of all gradients (parameters without one count as zero), summed in Double.
public func gradientNorm(_ parameters: [Parameter]) -> Float {
    var total: Double = 0
    for p in parameters {
        guard let g = p.grad else { continue }
        total += g.withUnsafeBufferPointer { values in values.reduce(Double(0)) { $0 + Double($1) * Double($1) } }
    }
    return Float(total.squareRoot())
}

/// Scales all gradients together so that their global L2 norm is at most `maxNorm` (PyTorch's
/// `clip_grad_norm_`, with its 1e-6 guard). Returns the norm before clipping, which the training log records.
@discardableResult
public func clipGradientNorm(_ parameters: [Parameter], maxNorm: Float) -> Float {
    let norm = gradientNorm(parameters)
    let scale = maxNorm / (norm + 1e-6)
    guard scale < 1 else { return norm }
    for p in parameters { p.scaleGrad(by: scale) }
    return norm
}
