import TernTensor

/// The gradients of an update's micro-batches, summed one whole micro-batch at a time and in order:
/// ((g₀ + g₁) + g₂)…, where letting the backward passes accumulate into the parameters would add a tied weight's
/// contributions one by one across micro-batches (((a₀ + b₀) + a₁) + b₁). Float sums depend on their order, and
/// Adam magnifies the difference where contributions nearly cancel; summed whole, one process accumulating two
/// batches and two data-parallel ranks (g₀ + g₁ either way) take bit-identical steps.
struct GradientAccumulation {
    private var sums: [Tensor?]

    init(count: Int) { sums = Array(repeating: nil, count: count) }

    /// After a micro-batch's backward pass: adds its gradients to the sums and clears them from the parameters.
    mutating func collect(_ parameters: [Parameter]) {
        for (i, parameter) in parameters.enumerated() {
            if let sum = sums[i] { parameter.accumulateGrad(sum) }  // in place, into this micro-batch's gradient
            sums[i] = parameter.takeGrad()
        }
    }

    /// Gives the sums back to the parameters as their gradients (without copying them).
    func restore(_ parameters: [Parameter]) {
        for (sum, parameter) in zip(sums, parameters) {
            if let sum { parameter.accumulateGrad(sum) }
        }
    }
}
