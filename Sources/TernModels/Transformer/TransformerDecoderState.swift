import TernNN
import TernTensor

/// The Transformer's incremental decoding state: per layer, the self-attention keys and values of the tokens fed
/// so far, and the cross-attention keys and values of the encoder output (computed once per source).
public struct TransformerDecoderState: DecoderState {
    /// Per decoder layer; `nil` before the first token.
    public var selfCaches: [KeyValueCache?]
    /// Per decoder layer.
    public var memory: [KeyValueCache]
    /// [batch, 1, 1, source]
    public var sourceMask: Tensor
    public var position: Int

    public func selectingRows(_ rows: [Int]) -> TransformerDecoderState {
        TransformerDecoderState(selfCaches: selfCaches.map { $0?.selectingRows(rows) },
                                memory: memory.map { $0.selectingRows(rows) },
                                sourceMask: sourceMask.selectingRows(rows), position: position)
    }
}
