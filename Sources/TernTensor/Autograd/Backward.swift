extension Tensor {
    /// Marks a constant as a leaf whose gradient `backward()` will fill (for tests and inputs one differentiates by).
    public func requiringGrad() -> Tensor {
        var result = detached()
        result.node = GradNode(leaf: ())
        return result
    }

    /// The gradient accumulated into this leaf by `backward()`.
    public var grad: Tensor? { node?.grad }

    /// Reverse-mode differentiation from this tensor: every leaf reachable through recorded ops receives
    /// d self / d leaf, added to what it already holds (a weight used at every RNN step gets every contribution).
    ///
    /// - Parameter seed: the gradient of some scalar with respect to `self`; ones by default, which for a scalar
    ///   loss gives its plain gradient.
    ///
    /// The graph is sorted iteratively — an RNN unrolled over a long sentence makes a graph deeper than a
    /// recursive walk's stack — and each interior node drops its pullback and gradient once used.
    public func backward(seed: Tensor? = nil) {
        guard let root = node else { return }
        let seedGrad = seed ?? Tensor.ones(shape)
        precondition(seedGrad.shape == shape, "seed of shape \(seedGrad.shape) for a tensor of shape \(shape)")

        // Iterative post-order depth-first search: `order` lists every node after all the nodes that feed it.
        var order: [GradNode] = []
        var visited = Set<ObjectIdentifier>()
        var stack: [(GradNode, Bool)] = [(root, false)]
        while let (current, expanded) = stack.popLast() {
            if expanded { order.append(current); continue }
            guard visited.insert(ObjectIdentifier(current)).inserted else { continue }
            stack.append((current, true))
            for case let input? in current.inputs where !visited.contains(ObjectIdentifier(input)) {
                stack.append((input, false))
            }
        }

        root.accumulate(seedGrad)
        for current in order.reversed() where !current.isLeaf {
            guard let g = current.grad, let pullback = current.pullback else { continue }
            let start = OpProfile.isEnabled ? OpProfile.now() : 0
            let inputGrads = pullback(g)
            for (input, inputGrad) in zip(current.inputs, inputGrads) {
                if let input, let inputGrad { input.accumulate(inputGrad) }
            }
            if OpProfile.isEnabled { OpProfile.record(backwardOf: current.op, since: start) }
            current.grad = nil
            current.pullback = nil
            current.inputs = []
        }
    }
}
