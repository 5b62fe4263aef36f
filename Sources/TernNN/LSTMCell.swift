import TernTensor

/// A long short-term memory cell (Hochreiter & Schmidhuber 1997, with the forget gate of Gers et al. 2000) in
/// PyTorch's layout, gates stacked [i; f; g; o]:
///
///     i = σ(·)   f = σ(·)   g = tanh(·)   o = σ(·)      each of W_ih x + b_ih + W_hh h + b_hh
///     c' = f ⊙ c + i ⊙ g        h' = o ⊙ tanh(c')
///
/// Two GEMMs per step: one for the input part of all four gates, one for the hidden part.
public final class LSTMCell: Module, RecurrentCell {
    public let weightIH: Parameter   // [4·hidden, input]
    public let weightHH: Parameter   // [4·hidden, hidden]
    public let biasIH: Parameter     // [4·hidden]
    public let biasHH: Parameter     // [4·hidden]

    /// Weights and biases uniform in ±1/√hidden, PyTorch's default for recurrent layers.
    public init(inputSize: Int, hiddenSize: Int, generator: inout SeededGenerator) {
        let initializer = Initializer.uniform(scale: 1 / Float(hiddenSize).squareRoot())
        weightIH = initializer.parameter([4 * hiddenSize, inputSize], generator: &generator)
        weightHH = initializer.parameter([4 * hiddenSize, hiddenSize], generator: &generator)
        biasIH = initializer.parameter([4 * hiddenSize], generator: &generator)
        biasHH = initializer.parameter([4 * hiddenSize], generator: &generator)
    }

    public var inputSize: Int { weightIH.shape[1] }
    public var hiddenSize: Int { weightHH.shape[1] }

    override public var ownParameters: [(key: String, parameter: Parameter)] {
        [("weight_ih", weightIH), ("weight_hh", weightHH), ("bias_ih", biasIH), ("bias_hh", biasHH)]
    }

    public func zeroState(batchSize: Int) -> RecurrentState {
        RecurrentState(hidden: Tensor.zeros([batchSize, hiddenSize]), cell: Tensor.zeros([batchSize, hiddenSize]))
    }

    public func callAsFunction(_ input: Tensor, state: RecurrentState) -> RecurrentState {
        let size = hiddenSize
        let gates = linear(input, weight: weightIH.value, bias: biasIH.value)
            + linear(state.hidden, weight: weightHH.value, bias: biasHH.value)                    // [batch, 4·hidden]
        let parts = gates.split(axis: -1, sizes: [size, size, size, size])
        let inputGate = parts[0].sigmoid(), forgetGate = parts[1].sigmoid()
        let candidate = parts[2].tanh(), outputGate = parts[3].sigmoid()
        let previousCell = state.cell ?? Tensor.zeros([input.shape[0], size])
        let cell = forgetGate * previousCell + inputGate * candidate
        return RecurrentState(hidden: outputGate * cell.tanh(), cell: cell)
    }
}
