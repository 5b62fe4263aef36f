import TernTensor

/// Stochastic gradient descent with optional momentum (PyTorch's form: v ← μ·v + g, w ← w − lr·v; Nesterov uses
/// g + μ·v) and L2 weight decay added to the gradient.
public final class SGD: Optimizer {
    public var learningRate: Float
    public let momentum: Float
    public let nesterov: Bool
    public let weightDecay: Float
    public var step = 0
    private var velocity: [String: Tensor] = [:]

    public init(learningRate: Float, momentum: Float = 0, nesterov: Bool = false, weightDecay: Float = 0) {
        self.learningRate = learningRate
        self.momentum = momentum
        self.nesterov = nesterov
        self.weightDecay = weightDecay
    }

    public func apply(to parameter: Parameter, named name: String) {
        let (lr, mu, wd, nesterov) = (learningRate, momentum, weightDecay, nesterov)
        if mu == 0 {
            parameter.update { w, g in
                for i in 0..<w.count { w[i] -= lr * (g![i] + wd * w[i]) }
            }
            return
        }
        // PyTorch starts the buffer at the first gradient rather than at zero.
        let first = velocity[name] == nil
        var v = velocity[name] ?? Tensor.zeros(parameter.shape)
        velocity[name] = nil  // so v is uniquely held and updated in place
        v.withUnsafeMutableBufferPointer { v in
            parameter.update { w, g in
                for i in 0..<w.count {
                    let gradient = g![i] + wd * w[i]
                    v[i] = first ? gradient : mu * v[i] + gradient
                    w[i] -= lr * (nesterov ? gradient + mu * v[i] : v[i])
                }
            }
        }
        velocity[name] = v
    }

    public func stateTensors() -> [(name: String, tensor: Tensor)] {
        velocity.keys.sorted().map { ($0 + ".momentum_buffer", velocity[$0]!) }
    }

    public func restore(step: Int, tensors: [String: Tensor]) throws {
        var restored: [String: Tensor] = [:]
        for (key, tensor) in tensors {
            guard key.hasSuffix(".momentum_buffer") else {
                throw OptimizerStateError(description: "SGD state has an unknown tensor '\(key)'")
            }
            restored[String(key.dropLast(".momentum_buffer".count))] = tensor
        }
        self.step = step
        velocity = restored
    }
}
