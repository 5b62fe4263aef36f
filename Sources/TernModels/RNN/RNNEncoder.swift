import TernNN
import TernTensor

/// A bidirectional recurrent encoder (GRU or LSTM, n layers). Each sentence is run over its own tokens only, as
/// PyTorch's packed sequences are: the backward direction starts at the sentence's last real token, the forward
/// direction's final state is the one at that token, and the outputs at padding positions are zero. A batch runs in
/// lock-step; past a sentence's end its state is held (forward) or kept at zero (backward) by a 0/1 blend.
///
/// Keys: `layers.{l}.forward`, `layers.{l}.backward`, `dropout` (between layers).
public final class RNNEncoder: Module {
    public let forwardCells: [any RecurrentCell]
    public let backwardCells: [any RecurrentCell]
    public let layerDropout: Dropout
    public let hiddenSize: Int

    public init(cell: RNNSettings.Cell, inputSize: Int, hiddenSize: Int, layers: Int, dropout: Float,
                generator: inout SeededGenerator) {
        func make(_ input: Int) -> any RecurrentCell {
            switch cell {
            case .gru: return GRUCell(inputSize: input, hiddenSize: hiddenSize, generator: &generator)
            case .lstm: return LSTMCell(inputSize: input, hiddenSize: hiddenSize, generator: &generator)
            }
        }
        var forward: [any RecurrentCell] = [], backward: [any RecurrentCell] = []
        for layer in 0..<layers {
            let input = layer == 0 ? inputSize : 2 * hiddenSize
            forward.append(make(input))
            backward.append(make(input))
        }
        forwardCells = forward
        backwardCells = backward
        layerDropout = Dropout(rate: dropout, seed: generator.next())
        self.hiddenSize = hiddenSize
    }

    override public var children: [(key: String, module: Module)] {
        var list: [(key: String, module: Module)] = []
        for layer in 0..<forwardCells.count {
            list.append(("layers.\(layer).forward", forwardCells[layer]))
            list.append(("layers.\(layer).backward", backwardCells[layer]))
        }
        return list + [("dropout", layerDropout)]
    }

    /// - Parameters:
    ///   - inputs: one [batch, inputSize] tensor per time step (embedded source columns).
    ///   - lengths: each sentence's length.
    /// - Returns: per time step [batch, 2·hidden] (forward then backward features, zero at padding), and the
    ///   final states [batch, 2·hidden] of the top layer: forward at the last real token, backward at the first.
    public func callAsFunction(_ inputs: [Tensor], lengths: [Int]) -> (outputs: [Tensor], finalStates: Tensor) {
        let batch = lengths.count, time = inputs.count
        // keep[t] is 1 where step t is a real token; `nil` when every sentence is still running (no blend needed).
        let keep: [Tensor?] = (0..<time).map { t in
            if lengths.allSatisfy({ t < $0 }) { return nil }
            return Tensor(shape: [batch, hiddenSize]) { values in
                for b in 0..<batch { for j in 0..<hiddenSize { values[b * hiddenSize + j] = t < lengths[b] ? 1 : 0 } }
            }
        }
        var sequence = inputs
        var finalStates = Tensor.zeros([batch, 2 * hiddenSize])
        for layer in 0..<forwardCells.count {
            if layer > 0 { sequence = sequence.map { layerDropout($0) } }
            let forward = run(forwardCells[layer], sequence, keep: keep, steps: Array(0..<time))
            let backward = run(backwardCells[layer], sequence, keep: keep, steps: (0..<time).reversed())
            sequence = (0..<time).map { concat([forward.outputs[$0], backward.outputs[$0]], axis: 1) }  // [batch, 2·hidden]
            finalStates = concat([forward.final, backward.final], axis: 1)                              // [batch, 2·hidden]
        }
        return (sequence, finalStates)
    }

    /// One direction of one layer over `steps` (in the order given).
    private func run(_ cell: any RecurrentCell, _ inputs: [Tensor], keep: [Tensor?], steps: [Int]) -> (outputs: [Tensor], final: Tensor) {
        var state = cell.zeroState(batchSize: inputs[0].shape[0])
        var outputs = [Tensor?](repeating: nil, count: inputs.count)
        for t in steps {
            let next = cell(inputs[t], state: state)
            if let mask = keep[t] {
                state = next.blended(with: state, keep: mask)
                outputs[t] = state.hidden * mask                                                // zero at padding
            } else {
                state = next
                outputs[t] = next.hidden
            }
        }
        return (outputs.map { $0! }, state.hidden)
    }
}
