import TernTensor

/// A gated recurrent unit (Cho et al. 2014) with PyTorch's exact equations and layout, so weights carry over:
///
///     [r; z; n]ᵢ = W_ih x + b_ih          [r; z; n]ₕ = W_hh h + b_hh       (gates stacked in that order)
///     r = σ(rᵢ + rₕ)    z = σ(zᵢ + zₕ)    n = tanh(nᵢ + r ⊙ nₕ)
///     h' = (1 − z) ⊙ n + z ⊙ h
///
/// The reset gate multiplies W_hn h + b_hn (PyTorch and cuDNN), not h before the product (the original paper).
/// Each step is two GEMMs — one for all three input gates, one for all three hidden gates — and one fused
/// element-wise kernel (`gruStep`).
///
/// - Parameters:
///   - inputSize: width of x.
///   - hiddenSize: width of h.
public final class GRUCell: Module, RecurrentCell {
    public let weightIH: Parameter   // [3·hidden, input]
    public let weightHH: Parameter   // [3·hidden, hidden]
    public let biasIH: Parameter     // [3·hidden]
    public let biasHH: Parameter     // [3·hidden]

    /// Weights and biases uniform in ±1/√hidden, PyTorch's default for recurrent layers.
    public init(inputSize: Int, hiddenSize: Int, generator: inout SeededGenerator) {
        let initializer = Initializer.uniform(scale: 1 / Float(hiddenSize).squareRoot())
        weightIH = initializer.parameter([3 * hiddenSize, inputSize], generator: &generator)
        weightHH = initializer.parameter([3 * hiddenSize, hiddenSize], generator: &generator)
        biasIH = initializer.parameter([3 * hiddenSize], generator: &generator)
        biasHH = initializer.parameter([3 * hiddenSize], generator: &generator)
    }

    public var inputSize: Int { weightIH.shape[1] }
    public var hiddenSize: Int { weightHH.shape[1] }

    override public var ownParameters: [(key: String, parameter: Parameter)] {
        [("weight_ih", weightIH), ("weight_hh", weightHH), ("bias_ih", biasIH), ("bias_hh", biasHH)]
    }

    public func zeroState(batchSize: Int) -> RecurrentState {
        RecurrentState(hidden: Tensor.zeros([batchSize, hiddenSize]))
    }

    public func callAsFunction(_ input: Tensor, state: RecurrentState) -> RecurrentState {
        let fromInput = linear(input, weight: weightIH.value, bias: biasIH.value)                // [batch, 3·hidden]
        let fromHidden = linear(state.hidden, weight: weightHH.value, bias: biasHH.value)        // [batch, 3·hidden]
        let hidden = gruStep(inputGates: fromInput, hiddenGates: fromHidden, hidden: state.hidden)
        if let probe {
            // The fused step keeps its gates to itself; recompute them (r, z; n), only while statistics are taken.
            let size = hiddenSize
            withoutGrad {
                let sum = fromInput + fromHidden
                probe.record(sum.slice(axis: 1, range: 0..<(2 * size)).sigmoid(), .sigmoidGates, of: self)
                let reset = sum.slice(axis: 1, range: 0..<size).sigmoid()
                let candidate = fromInput.slice(axis: 1, range: (2 * size)..<(3 * size))
                    + reset * fromHidden.slice(axis: 1, range: (2 * size)..<(3 * size))
                probe.record(candidate.tanh(), .tanhGates, of: self)
                probe.record(hidden, .output, of: self)
            }
        }
        return RecurrentState(hidden: hidden)
    }
}
