extension Tensor {
    /// The same values under another shape (no copy). One dimension may be -1 and is then inferred.
    public func reshaped(_ newShape: [Int]) -> Tensor {
        var resolved = newShape
        if let inferred = newShape.firstIndex(of: -1) {
            let known = newShape.enumerated().filter { $0.offset != inferred }.map(\.element).reduce(1, *)
            precondition(known > 0 && count % known == 0, "cannot reshape \(shape) to \(newShape)")
            resolved[inferred] = count / known
        }
        precondition(resolved.reduce(1, *) == count, "cannot reshape \(shape) (\(count) values) to \(newShape)")
        let sourceShape = shape
        return Tensor(shape: resolved, storage: storage).recorded(self) { g in [g.reshaped(sourceShape)] }
    }

    /// Reorders the axes: result axis i is source axis `order[i]`. Copies; backward is the inverse permutation.
    public func permuted(_ order: [Int]) -> Tensor {
        precondition(order.sorted() == Array(0..<rank), "permutation \(order) for rank \(rank)")
        if order == Array(0..<rank) { return self }
        let newShape = order.map { shape[$0] }
        let out = Tensor.uninitialized(newShape)
        let sourceStrides = Shape.strides(shape)
        let strides = order.map { sourceStrides[$0] }  // source stride of each result axis
        let source = storage.base, destination = out.storage.base
        // Copy runs of the innermost result axis; when it is also the source's last axis the run is contiguous.
        let inner = newShape.last ?? 1, innerStride = strides.last ?? 1
        let outerShape = Array(newShape.dropLast())
        var index = [Int](repeating: 0, count: outerShape.count)
        let outerCount = outerShape.reduce(1, *)
        for outer in 0..<outerCount {
            var offset = 0
            for d in 0..<outerShape.count { offset += index[d] * strides[d] }
            let row = destination + outer * inner
            if innerStride == 1 {
                row.update(from: source + offset, count: inner)
            } else {
                for j in 0..<inner { row[j] = source[offset + j * innerStride] }
            }
            var d = outerShape.count - 1
            while d >= 0 {
                index[d] += 1
                if index[d] < outerShape[d] { break }
                index[d] = 0
                d -= 1
            }
        }
        var inverse = [Int](repeating: 0, count: rank)
        for (i, axis) in order.enumerated() { inverse[axis] = i }
        return out.recorded(self) { g in [g.permuted(inverse)] }
    }

    /// Swaps two axes (a permutation).
    public func transposed(_ first: Int, _ second: Int) -> Tensor {
        let a = Shape.axis(first, rank: rank), b = Shape.axis(second, rank: rank)
        var order = Array(0..<rank)
        order.swapAt(a, b)
        return permuted(order)
    }
}
