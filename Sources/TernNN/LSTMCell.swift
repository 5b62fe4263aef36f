import TernTensor

/// A long short-term memory cell (Hochreiter & Schmidhuber 1997, with the forget gate of Gers et al. 2000) in
/// PyTorch's layout, gates stacked [i; f; g; o]:
///
///     i = σ(·)   f = σ(·)   g = tanh(·)   o = σ(·)      each of W_ih x + b_ih + W_hh h + b_hh
///     c' = f ⊙ c + i ⊙ g        h' = o ⊙ tanh(c')
///
/// Two GEMMs per step — one for the input part of all four gates, one for the hidden part — and one fused
/// element-wise kernel (`lstmStep`).
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
        let fromInput = linear(input, weight: weightIH.value, bias: biasIH.value)                   // [batch, 4·hidden]
        let fromHidden = linear(state.hidden, weight: weightHH.value, bias: biasHH.value)            // [batch, 4·hidden]
        let both = lstmStep(inputGates: fromInput, hiddenGates: fromHidden,
                            cell: state.cell ?? Tensor.zeros([input.shape[0], size]))                // [batch, 2·hidden]
        let hidden = both.slice(axis: 1, range: 0..<size)
        if let probe {
            // The fused step keeps its gates to itself; recompute them (i, f, g, o: g is the tanh one), only while
            // statistics are taken.
            withoutGrad {
                let sum = fromInput + fromHidden
                let sigmoids = concat([sum.slice(axis: 1, range: 0..<(2 * size)), sum.slice(axis: 1, range: (3 * size)..<(4 * size))],
                                      axis: 1).sigmoid()
                probe.record(sigmoids, .sigmoidGates, of: self)
                probe.record(sum.slice(axis: 1, range: (2 * size)..<(3 * size)).tanh(), .tanhGates, of: self)
                probe.record(hidden, .output, of: self)
            }
        }
        return RecurrentState(hidden: hidden, cell: both.slice(axis: 1, range: size..<(2 * size)))
    }
}
