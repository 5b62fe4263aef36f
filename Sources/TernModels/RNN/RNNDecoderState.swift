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

    public func selectingRows(_ rows: [Int]) -> RNNDecoderState {
        RNNDecoderState(
            layers: layers.map { RecurrentState(hidden: $0.hidden.selectingRows(rows), cell: $0.cell?.selectingRows(rows)) },
            previousAttentional: previousAttentional.selectingRows(rows), memory: memory.selectingRows(rows),
            keys: ProjectedKeys(keys: keys.keys.selectingRows(rows)), sourceMask: sourceMask.selectingRows(rows),
            position: position)
    }
}
