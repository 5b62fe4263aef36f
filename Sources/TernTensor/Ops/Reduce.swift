import CTernKernels

extension Tensor {
    /// Sum of all values, as a scalar tensor. Backward: the gradient repeated everywhere.
    public func sum() -> Tensor {
        let total = withUnsafeBufferPointer { values -> Float in
            var partial = [Float](repeating: 0, count: 1)
            tern_row_sums(values.baseAddress!, &partial, 1, count)
            return partial[0]
        }
        let sourceShape = shape
        return Tensor(shape: [], values: [total]).recorded(self) { g in [Tensor(repeating: g.item, shape: sourceShape)] }
    }

    public func mean() -> Tensor { sum() * (1 / Float(Swift.max(count, 1))) }

    /// Sum over one axis; `keepDims` leaves it in the shape with size 1.
    public func sum(axis: Int, keepDims: Bool = false) -> Tensor {
        let axis = Shape.axis(axis, rank: rank)
        let outer = Int.product(shape[..<axis]), length = shape[axis], inner = Int.product(shape[(axis + 1)...])
        var reducedShape = shape
        reducedShape[axis] = 1
        let out = Tensor.zeros(reducedShape)
        let source = storage.base, destination = out.storage.base
        if inner == 1 {
            tern_row_sums(source, destination, outer, length)
        } else {
            for o in 0..<outer {
                tern_column_sums_accumulate(source + o * length * inner, destination + o * inner, length, inner)
            }
        }
        var finalShape = reducedShape
        if !keepDims { finalShape.remove(at: axis) }
        let result = out.reshaped(finalShape).detached()
        return result.recorded(self) { g in [g.reshaped(reducedShape).broadcast(to: self.shape)] }
    }

    public func mean(axis: Int, keepDims: Bool = false) -> Tensor {
        let axis = Shape.axis(axis, rank: rank)
        return sum(axis: axis, keepDims: keepDims) * (1 / Float(shape[axis]))
    }
}
