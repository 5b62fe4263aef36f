import CTernKernels

/// Element-wise functions. Each backward uses whichever of input or output makes the derivative cheapest
/// (tanh and sigmoid reuse their output, as micrograd's tanh does; ReLU-like functions need the input).
extension Tensor {
    typealias UnaryKernel = (UnsafePointer<Float>, UnsafeMutablePointer<Float>, Int) -> Void
    typealias BackwardKernel = (UnsafePointer<Float>, UnsafePointer<Float>, UnsafeMutablePointer<Float>, Int) -> Void

    private func map(_ kernel: UnaryKernel) -> Tensor {
        let out = Tensor.uninitialized(shape)
        let px = storage.base, po = out.storage.base
        Kernels.parallelElements(count) { start, length in kernel(px + start, po + start, length) }
        return out
    }

    /// g ⊙ f'(·) where `saved` is the input or the output the kernel expects.
    private static func derivative(_ saved: Tensor, _ g: Tensor, _ kernel: BackwardKernel) -> Tensor {
        let out = Tensor.uninitialized(g.shape)
        let ps = saved.storage.base, pg = g.storage.base, po = out.storage.base
        Kernels.parallelElements(g.count) { start, length in kernel(ps + start, pg + start, po + start, length) }
        return out
    }

    /// Applies `forward`; the backward multiplies by the derivative computed from the output.
    private func mapSavingOutput(_ forward: UnaryKernel, _ backward: @escaping BackwardKernel) -> Tensor {
        let out = map(forward)
        let saved = out.detached()
        return out.recorded(self) { g in [Tensor.derivative(saved, g, backward)] }
    }

    /// Applies `forward`; the backward multiplies by the derivative computed from the input.
    private func mapSavingInput(_ forward: UnaryKernel, _ backward: @escaping BackwardKernel) -> Tensor {
        let out = map(forward)
        let saved = detached()
        return out.recorded(self) { g in [Tensor.derivative(saved, g, backward)] }
    }

    public func exp() -> Tensor {
        let out = map { tern_exp($0, $1, $2) }
        let saved = out.detached()
        return out.recorded(self) { g in [g * saved] }
    }

    public func log() -> Tensor {
        let out = map { tern_log($0, $1, $2) }
        let saved = detached()
        return out.recorded(self) { g in [g / saved] }
    }

    public func tanh() -> Tensor { mapSavingOutput({ tern_tanh($0, $1, $2) }, { tern_tanh_backward($0, $1, $2, $3) }) }
    public func sigmoid() -> Tensor { mapSavingOutput({ tern_sigmoid($0, $1, $2) }, { tern_sigmoid_backward($0, $1, $2, $3) }) }
    public func relu() -> Tensor { mapSavingInput({ tern_relu($0, $1, $2) }, { tern_relu_backward($0, $1, $2, $3) }) }
    /// GELU with the exact Gaussian CDF, x·Φ(x), as PyTorch's default `nn.GELU()`.
    public func gelu() -> Tensor { mapSavingInput({ tern_gelu($0, $1, $2) }, { tern_gelu_backward($0, $1, $2, $3) }) }
    public func selu() -> Tensor { mapSavingInput({ tern_selu($0, $1, $2) }, { tern_selu_backward($0, $1, $2, $3) }) }

    public func leakyRelu(slope: Float = 0.01) -> Tensor {
        mapSavingInput({ tern_leaky_relu($0, slope, $1, $2) }, { tern_leaky_relu_backward($0, slope, $1, $2, $3) })
    }
}
