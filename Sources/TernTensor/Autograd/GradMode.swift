/// Whether ops record a graph. Recording happens only when an input already has a node, so inference on constants
/// records nothing anyway; `withoutGrad` is for running a model with trainable parameters (validation, decoding)
/// without a tape and without keeping intermediate values alive.
public enum GradMode {
    nonisolated(unsafe) static var disabledDepth = 0

    public static var isEnabled: Bool { disabledDepth == 0 }
}

/// Runs `body` with graph recording off.
public func withoutGrad<R>(_ body: () throws -> R) rethrows -> R {
    GradMode.disabledDepth += 1
    defer { GradMode.disabledDepth -= 1 }
    return try body()
}

extension Tensor {
    /// Attaches the op's pullback to `self` when any input is differentiable. `op` names the op for ``OpProfile``:
    /// the calling function's name.
    func recorded(_ inputs: Tensor..., op: StaticString = #function, pullback: @escaping (Tensor) -> [Tensor?]) -> Tensor {
        recorded(inputs: inputs, op: op, pullback: pullback)
    }

    /// Like `recorded(_:pullback:)` for ops with a variable number of inputs.
    func recorded(inputs: [Tensor], op: StaticString = #function, pullback: @escaping (Tensor) -> [Tensor?]) -> Tensor {
        guard GradMode.isEnabled, inputs.contains(where: { $0.node != nil }) else { return self }
        if OpProfile.isEnabled { OpProfile.forwardEnded(op) }
        var result = self
        result.node = GradNode(inputs: inputs.map(\.node), op: op, pullback: pullback)
        return result
    }

    /// Whether gradients flow into this tensor (it carries a node).
    public var requiresGrad: Bool { node != nil }
}
