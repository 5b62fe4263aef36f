import CTernKernels

extension Tensor {
    private func rowKernel(_ kernel: @escaping (UnsafePointer<Float>, UnsafeMutablePointer<Float>, Int, Int) -> Void) -> Tensor {
        let cols = shape.last ?? 1, rows = count / Swift.max(cols, 1)
        let out = Tensor.uninitialized(shape)
        let px = storage.base, po = out.storage.base
        Kernels.parallelRows(rows, rowCost: cols) { range in
            kernel(px + range.lowerBound * cols, po + range.lowerBound * cols, range.count, cols)
        }
        return out
    }

    private static func rowBackward(
        _ y: Tensor, _ g: Tensor,
        _ kernel: @escaping (UnsafePointer<Float>, UnsafePointer<Float>, UnsafeMutablePointer<Float>, Int, Int) -> Void
    ) -> Tensor {
        let cols = y.shape.last ?? 1, rows = y.count / Swift.max(cols, 1)
        let out = Tensor.uninitialized(y.shape)
        let py = y.storage.base, pg = g.storage.base, po = out.storage.base
        Kernels.parallelRows(rows, rowCost: cols) { range in
            let offset = range.lowerBound * cols
            kernel(py + offset, pg + offset, po + offset, range.count, cols)
        }
        return out
    }

    /// Softmax over the last axis, in one fused pass per row. Backward: dx = y ⊙ (g − Σ g ⊙ y).
    public func softmax() -> Tensor {
        let out = rowKernel { tern_softmax_rows($0, $1, $2, $3) }
        let saved = out.detached()
        return out.recorded(self) { g in [Tensor.rowBackward(saved, g) { tern_softmax_backward_rows($0, $1, $2, $3, $4) }] }
    }

    /// Log-softmax over the last axis. Backward: dx = g − softmax(x) Σ g.
    public func logSoftmax() -> Tensor {
        let out = rowKernel { tern_log_softmax_rows($0, $1, $2, $3) }
        let saved = out.detached()
        return out.recorded(self) { g in [Tensor.rowBackward(saved, g) { tern_log_softmax_backward_rows($0, $1, $2, $3, $4) }] }
    }
}
