import TernNN
import TernTensor

/// A recurrent decoder with attention and input feeding (Luong et al. 2015, §3.3), JoeyNMT's layout:
///
///     s_t   = RNN([y_{t−1}; ã_{t−1}], s_{t−1})        (ã_0 = 0; without input feeding the input is y_{t−1})
///     α_t   = attention(s_t, memory)                  (Bahdanau or Luong, query = the top layer's new state)
///     c_t   = Σ α_t,s m_s
///     ã_t   = tanh(W [s_t; c_t] + b)                  (the attentional vector, fed to the next step as it is)
///     logits = W_out dropout(ã_t)                     (no bias)
///
/// Keys: `layers.{l}`, `attention`, `attentional`, `output`, `dropout`.
public final class RNNDecoder: Module {
    public let cells: [any RecurrentCell]
    public let attention: any SourceAttention
    public let attentional: Linear
    public let output: Linear
    public let hiddenDropout: Dropout
    public let inputFeeding: Bool

    public init(settings r: RNNSettings, dropout: Float, targetVocabularySize: Int, tiedOutput: Parameter?,
                generator: inout SeededGenerator) {
        let d = r.decoderHidden
        cells = (0..<r.decoderLayers).map { layer -> any RecurrentCell in
            let input = layer == 0 ? r.embeddingSize + (r.inputFeeding ? d : 0) : d
            switch r.cell {
            case .gru: return GRUCell(inputSize: input, hiddenSize: d, generator: &generator)
            case .lstm: return LSTMCell(inputSize: input, hiddenSize: d, generator: &generator)
            }
        }
        switch r.attention {
        case .bahdanau:
            attention = BahdanauAttention(querySize: d, memorySize: r.memorySize, attentionSize: r.resolvedAttentionSize,
                                          generator: &generator)
        case .luongDot:
            attention = LuongAttention(score: .dot, querySize: d, memorySize: r.memorySize, generator: &generator)
        case .luongGeneral:
            attention = LuongAttention(score: .general, querySize: d, memorySize: r.memorySize, generator: &generator)
        }
        attentional = Linear.pytorchDefault(d + r.memorySize, d, generator: &generator)
        output = tiedOutput.map { Linear(weight: $0) } ?? Linear.pytorchDefault(d, targetVocabularySize, bias: false, generator: &generator)
        hiddenDropout = Dropout(rate: dropout, seed: generator.next())
        inputFeeding = r.inputFeeding
    }

    override public var children: [(key: String, module: Module)] {
        cells.enumerated().map { ("layers.\($0.offset)", $0.element as Module) }
            + [("attention", attention), ("attentional", attentional), ("output", output), ("dropout", hiddenDropout)]
    }

    /// One step from an embedded target token [batch, embedding]: the attentional vector [batch, decoderHidden]
    /// (before the output layer), the new state, and the attention weights [batch, source].
    public func step(_ embedded: Tensor, state: RNNDecoderState) -> (attentional: Tensor, state: RNNDecoderState, weights: Tensor) {
        var input = inputFeeding ? concat([embedded, state.previousAttentional], axis: 1) : embedded  // [batch, e + D]
        var layers: [RecurrentState] = []
        for (index, cell) in cells.enumerated() {
            if index > 0 { input = hiddenDropout(input) }
            let next = cell(input, state: state.layers[index])
            layers.append(next)
            input = next.hidden
        }
        let attended = attention(input, keys: state.keys, memory: state.memory, mask: state.sourceMask)
        let vector = attentional(concat([input, attended.context], axis: 1)).tanh()                  // [batch, D]
        var next = state
        next.layers = layers
        next.previousAttentional = vector
        next.position += 1
        return (vector, next, attended.weights)
    }

    /// The output layer over attentional vectors ([batch, D] or [batch, target, D]), after dropout. Dropout sits here
    /// rather than on [s_t; c_t] (JoeyNMT's place) because the PyTorch recipe Tern's quality is measured against puts
    /// it here, and there it leaves the input-feeding path noise-free.
    public func logits(_ vectors: Tensor) -> Tensor {
        output(hiddenDropout(vectors))
    }
}
