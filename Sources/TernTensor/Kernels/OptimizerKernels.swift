import CTernKernels

/// Optimizer updates as engine loops: vectorised and split over the thread team, while each value goes through the
/// same operations in the same order as the scalar loop, so the results do not change.
public enum OptimizerKernels {
    public struct AdamStep {
        public var beta1, beta2, epsilon: Float
        /// learning rate / (1 − beta1^t)
        public var stepSize: Float
        /// 1 / √(1 − beta2^t)
        public var inverseSqrtCorrection2: Float
        public var learningRate, weightDecay: Float
        public var decoupledWeightDecay: Bool

        public init(beta1: Float, beta2: Float, epsilon: Float, stepSize: Float, inverseSqrtCorrection2: Float,
                    learningRate: Float, weightDecay: Float, decoupledWeightDecay: Bool) {
            (self.beta1, self.beta2, self.epsilon, self.stepSize) = (beta1, beta2, epsilon, stepSize)
            (self.inverseSqrtCorrection2, self.learningRate, self.weightDecay) = (inverseSqrtCorrection2, learningRate, weightDecay)
            self.decoupledWeightDecay = decoupledWeightDecay
        }
    }

    /// One Adam step in place: the weights, their moments, from the gradient.
    public static func adam(_ step: AdamStep, weights: UnsafeMutableBufferPointer<Float>, gradient: UnsafeBufferPointer<Float>,
                            firstMoment: UnsafeMutableBufferPointer<Float>, secondMoment: UnsafeMutableBufferPointer<Float>) {
        precondition(gradient.count == weights.count && firstMoment.count == weights.count && secondMoment.count == weights.count,
                     "Adam: weights, gradient and moments differ in size")
        let (w, g, m, v) = (weights.baseAddress!, gradient.baseAddress!, firstMoment.baseAddress!, secondMoment.baseAddress!)
        Kernels.parallelElements(weights.count) { start, length in
            tern_adam_update(w + start, g + start, m + start, v + start, length, step.beta1, step.beta2, step.epsilon,
                             step.stepSize, step.inverseSqrtCorrection2, step.learningRate, step.weightDecay,
                             step.decoupledWeightDecay ? 1 : 0)
        }
    }
}
