import Foundation
import TernTensor

/// Adam (Kingma & Ba, 2015) with PyTorch's conventions — bias correction on both moments, ε added to the corrected
/// √v̂ — and, with `decoupledWeightDecay`, AdamW (Loshchilov & Hutter, 2019): the decay multiplies the weights by
/// (1 − lr·λ) instead of entering the gradient. Plain Adam's `weightDecay` adds λ·w to the gradient, as
/// `torch.optim.Adam` does.
public final class Adam: Optimizer {
    public var learningRate: Float
    public let beta1: Float
    public let beta2: Float
    public let epsilon: Float
    public let weightDecay: Float
    public let decoupledWeightDecay: Bool
    public var step = 0
    private var firstMoment: [String: Tensor] = [:]
    private var secondMoment: [String: Tensor] = [:]

    public init(learningRate: Float, beta1: Float = 0.9, beta2: Float = 0.999, epsilon: Float = 1e-8,
                weightDecay: Float = 0, decoupledWeightDecay: Bool = false) {
        self.learningRate = learningRate
        self.beta1 = beta1
        self.beta2 = beta2
        self.epsilon = epsilon
        self.weightDecay = weightDecay
        self.decoupledWeightDecay = decoupledWeightDecay
    }

    public func apply(to parameter: Parameter, named name: String) {
        let correction1 = 1 - Float(Foundation.pow(Double(beta1), Double(step)))
        let correction2 = 1 - Float(Foundation.pow(Double(beta2), Double(step)))
        let stepSize = learningRate / correction1
        let update = OptimizerKernels.AdamStep(beta1: beta1, beta2: beta2, epsilon: epsilon, stepSize: stepSize,
                                               inverseSqrtCorrection2: 1 / correction2.squareRoot(), learningRate: learningRate,
                                               weightDecay: weightDecay, decoupledWeightDecay: decoupledWeightDecay)
        var m = firstMoment[name] ?? Tensor.zeros(parameter.shape)
        var v = secondMoment[name] ?? Tensor.zeros(parameter.shape)
        firstMoment[name] = nil
        secondMoment[name] = nil  // so m and v are uniquely held and updated in place
        m.withUnsafeMutableBufferPointer { m in
            v.withUnsafeMutableBufferPointer { v in
                parameter.update { w, g in
                    OptimizerKernels.adam(update, weights: w, gradient: g!, firstMoment: m, secondMoment: v)
                }
            }
        }
        firstMoment[name] = m
        secondMoment[name] = v
    }

    public func stateTensors() -> [(name: String, tensor: Tensor)] {
        firstMoment.keys.sorted().flatMap { name in
            [(name + ".exp_avg", firstMoment[name]!), (name + ".exp_avg_sq", secondMoment[name]!)]
        }
    }

    public func restore(step: Int, tensors: [String: Tensor]) throws {
        var first: [String: Tensor] = [:], second: [String: Tensor] = [:]
        for (key, tensor) in tensors {
            if key.hasSuffix(".exp_avg_sq") { second[String(key.dropLast(".exp_avg_sq".count))] = tensor }
            else if key.hasSuffix(".exp_avg") { first[String(key.dropLast(".exp_avg".count))] = tensor }
            else { throw OptimizerStateError(description: "Adam state has an unknown tensor '\(key)'") }
        }
        guard Set(first.keys) == Set(second.keys) else {
            throw OptimizerStateError(description: "Adam state is incomplete: first and second moments name different parameters")
        }
        self.step = step
        firstMoment = first
        secondMoment = second
    }
}
