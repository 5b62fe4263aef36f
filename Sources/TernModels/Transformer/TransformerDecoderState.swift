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
    /// For each row, the source sentence (row of the encoder batch) its `memory` rows were copied from. Rows with
    /// the same source hold identical memory, so a selection that leaves every row's source unchanged — a beam
    /// reordering its hypotheses within each sentence — keeps the memory tensors instead of copying them.
    public var memorySources: [Int]

    public init(selfCaches: [KeyValueCache?], memory: [KeyValueCache], sourceMask: Tensor, position: Int,
                memorySources: [Int]? = nil) {
        self.selfCaches = selfCaches
        self.memory = memory
        self.sourceMask = sourceMask
        self.position = position
        self.memorySources = memorySources ?? Array(0..<sourceMask.shape[0])
    }

    public func selectingRows(_ rows: [Int]) -> TransformerDecoderState {
        if rows == Array(0..<memorySources.count) { return self }
        let sources = rows.map { memorySources[$0] }
        let sameMemory = sources == memorySources
        return TransformerDecoderState(selfCaches: selfCaches.map { $0?.selectingRows(rows) },
                                       memory: sameMemory ? memory : memory.map { $0.selectingRows(rows) },
                                       sourceMask: sameMemory ? sourceMask : sourceMask.selectingRows(rows),
                                       position: position, memorySources: sources)
    }
}
