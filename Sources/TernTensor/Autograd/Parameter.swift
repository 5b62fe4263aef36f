/// A trainable tensor: its value, and the gradient that backward passes accumulate into it.
///
/// A class, because identity matters: a tied weight is one `Parameter` held in two places, updated once and stored
/// once. Layers read `value` in their forward pass; optimizers read `grad`, write `value` in place and clear `grad`.
public final class Parameter {
    private let leaf = GradNode(leaf: ())
    private var stored: Tensor
    /// Frozen parameters take part in the forward pass as constants.
    public var requiresGrad: Bool
    /// Counts changes of the values, so a copy prepared from them (fused or quantised inference weights) can tell
    /// that it has gone stale.
    public private(set) var version = 0

    public init(_ value: Tensor, requiresGrad: Bool = true) {
        self.stored = value.detached()
        self.requiresGrad = requiresGrad
    }

    /// The value as an input of a recorded computation.
    public var value: Tensor {
        get {
            var tensor = stored
            if requiresGrad { tensor.node = leaf }
            return tensor
        }
        set {
            precondition(newValue.shape == stored.shape, "parameter of shape \(stored.shape) set to shape \(newValue.shape)")
            stored = newValue.detached()
            version += 1
        }
    }

    public var shape: [Int] { stored.shape }
    public var count: Int { stored.count }

    /// The gradient accumulated since the last ``zeroGrad()``, or `nil` if no backward pass reached this parameter.
    public var grad: Tensor? { leaf.grad }

    public func zeroGrad() { leaf.clearGrad() }

    /// Multiplies the accumulated gradient in place (gradient clipping, loss scaling).
    public func scaleGrad(by factor: Float) {
        leaf.scaleGrad(by: factor)
    }

    /// Removes the accumulated gradient and returns it. With ``accumulateGrad(_:)``, gradient accumulation can add
    /// whole micro-batch gradients in order, as data-parallel processes do, instead of adding every contribution of
    /// the next micro-batch (a tied weight has several) to the running sum one by one.
    public func takeGrad() -> Tensor? {
        defer { leaf.clearGrad() }
        return leaf.grad
    }

    /// Adds `gradient` to the accumulated gradient, as a backward pass does (in place when the memory is not shared).
    public func accumulateGrad(_ gradient: Tensor) {
        precondition(gradient.shape == stored.shape, "gradient of shape \(gradient.shape) for a parameter of shape \(stored.shape)")
        leaf.accumulate(gradient)
    }

    /// Changes the accumulated gradient in place: a data-parallel run writes the sum over its processes back here.
    /// A parameter that no backward pass reached gets a zero gradient first, so every process can hold the sum.
    public func updateGrad(_ body: (UnsafeMutableBufferPointer<Float>) -> Void) {
        leaf.updateGrad(shape: stored.shape, body)
    }

    /// Changes the values in place (optimizer updates): `body` gets the values and the gradient, if any.
    public func update(_ body: (UnsafeMutableBufferPointer<Float>, UnsafeBufferPointer<Float>?) -> Void) {
        let gradient = leaf.grad
        version += 1
        stored.withUnsafeMutableBufferPointer { values in
            if let gradient {
                gradient.withUnsafeBufferPointer { body(values, $0) }
            } else {
                body(values, nil)
            }
        }
    }
}
