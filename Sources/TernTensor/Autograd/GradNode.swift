/// One recorded operation of a step: the nodes of its differentiable inputs and the pullback that turns the gradient
/// of its output into gradients for those inputs.
///
/// A leaf node (a parameter, or a tensor marked with `requiringGrad()`) has no pullback and keeps the gradient
/// accumulated into it until someone clears it; an interior node's gradient and pullback are dropped as soon as the
/// backward pass has used them, so the memory of the step is released while the pass runs.
public final class GradNode {
    var inputs: [GradNode?]
    var pullback: ((Tensor) -> [Tensor?])?
    let isLeaf: Bool
    /// The op that recorded it, for ``OpProfile``.
    let op: StaticString
    /// For a leaf: the gradient accumulated over all backward passes since it was last cleared.
    public internal(set) var grad: Tensor?

    init(inputs: [GradNode?], op: StaticString, pullback: @escaping (Tensor) -> [Tensor?]) {
        self.inputs = inputs
        self.pullback = pullback
        self.isLeaf = false
        self.op = op
    }

    init(leaf: ()) {
        self.inputs = []
        self.pullback = nil
        self.isLeaf = true
        self.op = "leaf"
    }

    /// Adds `g` to the gradient held here; in place when this node owns its gradient's memory.
    func accumulate(_ g: Tensor) {
        guard var current = grad else {
            grad = g.detached()
            return
        }
        precondition(current.shape == g.shape, "gradient of shape \(g.shape) added to one of shape \(current.shape)")
        grad = nil  // so that `current` holds the only reference and the add happens in place
        current.withUnsafeMutableBufferPointer { target in
            g.withUnsafeBufferPointer { source in
                Kernels.accumulate(source.baseAddress!, into: target.baseAddress!, count: g.count)
            }
        }
        grad = current
    }

    func clearGrad() { grad = nil }

    /// In-place access to the gradient, creating a zero one of `shape` if there is none; copies first when the
    /// gradient's memory is shared (one pullback can hand the same tensor to two inputs).
    func updateGrad(shape: [Int], _ body: (UnsafeMutableBufferPointer<Float>) -> Void) {
        var current = grad ?? Tensor.zeros(shape)
        grad = nil  // so that `current` holds the only reference held here
        current.withUnsafeMutableBufferPointer(body)
        grad = current
    }

    func scaleGrad(by factor: Float) {
        guard var current = grad else { return }
        grad = nil
        current.withUnsafeMutableBufferPointer { values in
            for i in values.indices { values[i] *= factor }
        }
        grad = current
    }
}
