import TernTensor

/// An optimizer updates named parameters from their gradients and keeps per-parameter state under the same names,
/// so the state can be saved to and restored from the model file by name. After MLX's `OptimizerBase`: a conforming
/// type supplies only the per-parameter maths (``apply(to:named:)``), and ``update(_:)`` — written once, here — counts
/// the step, skips parameters without a gradient and clears each gradient after its update, so a forgotten "zero
/// grad" cannot silently double the next step's gradients.
public protocol Optimizer: AnyObject {
    /// Learning rate for the next step (a schedule sets it before each step).
    var learningRate: Float { get set }
    /// Steps taken so far; ``update(_:)`` counts them.
    var step: Int { get set }
    /// Updates one parameter in place from its gradient (present), for step number `step`.
    func apply(to parameter: Parameter, named name: String)
    /// Named state tensors (e.g. `encoder.embed.weight.exp_avg`), for checkpoints.
    func stateTensors() -> [(name: String, tensor: Tensor)]
    /// Restores what `stateTensors()` returned, with the step count.
    func restore(step: Int, tensors: [String: Tensor]) throws
}

extension Optimizer {
    /// One step over every parameter that has a gradient; clears the gradients.
    public func update(_ parameters: [(name: String, parameter: Parameter)]) {
        step += 1
        for (name, parameter) in parameters where parameter.grad != nil {
            apply(to: parameter, named: name)
            parameter.zeroGrad()
        }
    }
}

public struct OptimizerStateError: Error, CustomStringConvertible {
    public let description: String
}
