extension Tensor {
    /// A contiguous range along one axis. Backward: the gradient placed back into zeros of the source shape.
    public func slice(axis: Int, range: Range<Int>) -> Tensor {
        let axis = Shape.axis(axis, rank: rank)
        precondition(range.lowerBound >= 0 && range.upperBound <= shape[axis], "slice \(range) out of 0..<\(shape[axis]) on axis \(axis)")
        let outer = Int.product(shape[..<axis]), length = shape[axis], inner = Int.product(shape[(axis + 1)...])
        var newShape = shape
        newShape[axis] = range.count
        let out = Tensor.uninitialized(newShape)
        let run = range.count * inner
        let source = storage.base, destination = out.storage.base
        for o in 0..<outer {
            (destination + o * run).update(from: source + (o * length + range.lowerBound) * inner, count: run)
        }
        let sourceShape = shape
        return out.recorded(self) { g in
            let full = Tensor.zeros(sourceShape)
            let pg = g.storage.base, pf = full.storage.base
            for o in 0..<outer { (pf + (o * length + range.lowerBound) * inner).update(from: pg + o * run, count: run) }
            return [full]
        }
    }

    /// Pieces of the given sizes along one axis (each a slice).
    public func split(axis: Int, sizes: [Int]) -> [Tensor] {
        let axis = Shape.axis(axis, rank: rank)
        precondition(sizes.reduce(0, +) == shape[axis], "split sizes \(sizes) do not add up to \(shape[axis])")
        var start = 0
        return sizes.map { size in
            defer { start += size }
            return slice(axis: axis, range: start..<(start + size))
        }
    }
}

/// Joins tensors along one axis; every other dimension must agree. Backward: the matching slices of the gradient.
public func concat(_ tensors: [Tensor], axis: Int) -> Tensor {
    precondition(!tensors.isEmpty, "concat of no tensors")
    let first = tensors[0]
    let axis = Shape.axis(axis, rank: first.rank)
    for t in tensors {
        precondition(t.rank == first.rank && (0..<first.rank).allSatisfy { $0 == axis || t.shape[$0] == first.shape[$0] },
                     "concat along axis \(axis): shape \(t.shape) does not match \(first.shape)")
    }
    let outer = Int.product(first.shape[..<axis]), inner = Int.product(first.shape[(axis + 1)...])
    let lengths = tensors.map { $0.shape[axis] }
    let total = lengths.reduce(0, +)
    var newShape = first.shape
    newShape[axis] = total
    let out = Tensor.uninitialized(newShape)
    let destination = out.storage.base
    var offset = 0
    for (t, length) in zip(tensors, lengths) {
        let run = length * inner, source = t.storage.base
        for o in 0..<outer { (destination + (o * total + offset) * inner).update(from: source + o * run, count: run) }
        offset += length
    }
    return out.recorded(inputs: tensors) { g in
        g.split(axis: axis, sizes: lengths).enumerated().map { tensors[$0.offset].requiresGrad ? $0.element : nil }
    }
}

/// Stacks equal-shaped tensors along a new axis.
public func stack(_ tensors: [Tensor], axis: Int) -> Tensor {
    precondition(!tensors.isEmpty, "stack of no tensors")
    let rank = tensors[0].rank + 1
    let axis = Shape.axis(axis, rank: rank)
    return concat(tensors.map { t in
        var shape = t.shape
        shape.insert(1, at: axis)
        return t.reshaped(shape)
    }, axis: axis)
}
