import TernNN
import TernTensor

/// The RNN decoder's incremental state: each layer's recurrent state, the previous attentional vector (fed back
/// as input), and the encoder memory with its keys projected once per source.
public struct RNNDecoderState: DecoderState {
    /// Per decoder layer.
    public var layers: [RecurrentState]
    /// [batch, decoderHidden]: the previous step's attentional vector; zeros before the first step.
    public var previousAttentional: Tensor
    /// [batch, source, 2·encoderHidden]
    public var memory: Tensor
    public var keys: ProjectedKeys
    /// [batch, 1, 1, source]
    public var sourceMask: Tensor
    public var position: Int
    /// For each row, the source sentence its `memory`, `keys` and `sourceMask` rows came from. Rows of one sentence
    /// hold identical memory, so a selection that keeps every row's sentence — a beam reordering its hypotheses —
    /// keeps those tensors and copies only the small recurrent states.
    public var memorySources: [Int]

    public init(layers: [RecurrentState], previousAttentional: Tensor, memory: Tensor, keys: ProjectedKeys,
                sourceMask: Tensor, position: Int, memorySources: [Int]? = nil) {
        self.layers = layers
        self.previousAttentional = previousAttentional
        self.memory = memory
        self.keys = keys
        self.sourceMask = sourceMask
        self.position = position
        self.memorySources = memorySources ?? Array(0..<memory.shape[0])
    }

    public func selectingRows(_ rows: [Int]) -> RNNDecoderState {
        let sources = rows.map { memorySources[$0] }
        let sameMemory = sources == memorySources
        return RNNDecoderState(
            layers: layers.map { RecurrentState(hidden: $0.hidden.selectingRows(rows), cell: $0.cell?.selectingRows(rows)) },
            previousAttentional: previousAttentional.selectingRows(rows),
            memory: sameMemory ? memory : memory.selectingRows(rows),
            keys: sameMemory ? keys : ProjectedKeys(keys: keys.keys.selectingRows(rows)),
            sourceMask: sameMemory ? sourceMask : sourceMask.selectingRows(rows),
            position: position, memorySources: sources)
    }
}
