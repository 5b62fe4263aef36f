import CTernKernels

extension Tensor {
    /// The values repeated along the dimensions of size 1 (and new leading dimensions) to fill `target`.
    /// Backward: the sum over the repeated positions.
    public func broadcast(to target: [Int]) -> Tensor {
        if shape == target { return self }
        precondition(Shape.broadcast(shape, target) == target, "cannot broadcast \(shape) to \(target)")
        let out = Tensor.uninitialized(target)
        // Strides of `self` laid over the target's dimensions, 0 where the value repeats.
        let offset = target.count - shape.count
        var sourceStrides = [Int](repeating: 0, count: target.count)
        let own = Shape.strides(shape)
        for i in 0..<shape.count where shape[i] != 1 { sourceStrides[i + offset] = own[i] }
        let source = storage.base, destination = out.storage.base
        let inner = target.last ?? 1
        let innerStride = sourceStrides.last ?? 0
        let outerShape = Array(target.dropLast())
        let outerCount = outerShape.reduce(1, *)
        var index = [Int](repeating: 0, count: outerShape.count)
        for outer in 0..<outerCount {
            var sourceOffset = 0
            for d in 0..<outerShape.count { sourceOffset += index[d] * sourceStrides[d] }
            let row = destination + outer * inner
            if innerStride == 0 {
                row.update(repeating: source[sourceOffset], count: inner)
            } else {
                row.update(from: source + sourceOffset, count: inner)
            }
            var d = outerShape.count - 1
            while d >= 0 {
                index[d] += 1
                if index[d] < outerShape[d] { break }
                index[d] = 0
                d -= 1
            }
        }
        let sourceShape = shape
        return out.recorded(self) { g in [g.sum(to: sourceShape)] }
    }

    /// Sums the values over the dimensions that broadcasting from `target` would repeat: the backward of
    /// ``broadcast(to:)`` and of every broadcasting element-wise op.
    public func sum(to target: [Int]) -> Tensor {
        if shape == target { return self }
        precondition(Shape.broadcast(target, shape) == shape, "cannot reduce \(shape) to \(target)")
        let out = Tensor.zeros(target)
        let targetCount = target.reduce(1, *)
        if Shape.isRowSuffix(target, of: shape) {
            tern_column_sums_accumulate(storage.base, out.storage.base, count / targetCount, targetCount)
        } else {
            let offset = shape.count - target.count
            var targetStrides = [Int](repeating: 0, count: shape.count)
            let own = Shape.strides(target)
            for i in 0..<target.count where target[i] != 1 { targetStrides[i + offset] = own[i] }
            var index = [Int](repeating: 0, count: shape.count)
            let source = storage.base, destination = out.storage.base
            for flat in 0..<count {
                var targetOffset = 0
                for d in 0..<shape.count { targetOffset += index[d] * targetStrides[d] }
                destination[targetOffset] += source[flat]
                var d = shape.count - 1
                while d >= 0 {
                    index[d] += 1
                    if index[d] < shape[d] { break }
                    index[d] = 0
                    d -= 1
                }
            }
        }
        let sourceShape = shape
        return out.recorded(self) { g in [g.broadcast(to: sourceShape)] }
    }
}
