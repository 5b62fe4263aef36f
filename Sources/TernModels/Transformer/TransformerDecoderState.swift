import TernNN
import TernTensor

/// The Transformer's incremental decoding state: per decoder layer, the self-attention keys and values of the
/// tokens fed so far (one block per step, read through a row map) and the cross-attention keys and values of the
/// encoder output (projected once per source batch, shared by all rows of a sentence).
///
/// Selecting rows — beam search reordering and expanding hypotheses — rewrites index tables only: no cached key or
/// value is copied.
public struct TransformerDecoderState: DecoderState {
    /// Per decoder layer.
    public var selfCaches: [StepKeyValueCache]
    /// Per decoder layer.
    public var memory: [MemoryKeyValues]
    public var position: Int

    public init(selfCaches: [StepKeyValueCache], memory: [MemoryKeyValues], position: Int) {
        self.selfCaches = selfCaches
        self.memory = memory
        self.position = position
    }

    /// Rows of the state.
    public var rows: Int { memory.first?.rowSources.count ?? 0 }

    public func selectingRows(_ rows: [Int]) -> TransformerDecoderState {
        TransformerDecoderState(selfCaches: selfCaches.map { $0.selectingRows(rows) },
                                memory: memory.map { $0.selectingRows(rows) }, position: position)
    }
}
