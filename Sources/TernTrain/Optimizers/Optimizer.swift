import TernTensor

/// An optimizer updates named parameters from their gradients and keeps per-parameter state under the same names,
/// so the state can be saved to and restored from the model file by name (MLX's `OptimizerBase` idea: a subclass
/// only supplies the per-parameter maths).
///
/// A step reads each parameter's accumulated gradient, updates the value in place and clears the gradient, so a
/// forgotten "zero grad" cannot silently double the next step's gradients.
public protocol Optimizer: AnyObject {
    /// Learning rate for the next step (a schedule sets it before each step).
    var learningRate: Float { get set }
    /// Steps taken so far.
    var step: Int { get }
    /// Applies one update to every parameter that has a gradient, then clears the gradients.
    func update(_ parameters: [(name: String, parameter: Parameter)])
    /// Named state tensors (e.g. `encoder.embed.weight.exp_avg`), for checkpoints.
    func stateTensors() -> [(name: String, tensor: Tensor)]
    /// Restores what `stateTensors()` returned, with the step count.
    func restore(step: Int, tensors: [String: Tensor]) throws
}

public struct OptimizerStateError: Error, CustomStringConvertible {
    public let description: String
}
