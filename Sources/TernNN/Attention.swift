import TernTensor

/// What an attention layer returns: the context, and always the probabilities (heatmaps need them).
public struct AttentionOutput {
    /// Bahdanau/Luong: [batch, memorySize]. Multi-head: [batch, queries, dModel].
    public var context: Tensor
    /// Bahdanau/Luong: [batch, sourceLength]. Multi-head: [batch, heads, queries, keys].
    public var weights: Tensor

    public init(context: Tensor, weights: Tensor) {
        self.context = context
        self.weights = weights
    }
}

/// Encoder states projected once per source sentence for additive or multiplicative attention, so a decoder
/// does not repeat the projection at every step (JoeyNMT's `compute_proj_keys`, passed as a value rather than
/// stored on the module).
public struct ProjectedKeys {
    /// [batch, sourceLength, keySize]
    public var keys: Tensor

    public init(keys: Tensor) { self.keys = keys }
}

/// Attention of one decoder query per sentence over the encoder states: Bahdanau or Luong.
public protocol SourceAttention: Module {
    /// - Parameter memory: [batch, sourceLength, memorySize]
    func projectKeys(_ memory: Tensor) -> ProjectedKeys
    /// - Parameters:
    ///   - query: [batch, querySize], the decoder state.
    ///   - keys: from ``projectKeys(_:)`` on `memory`.
    ///   - memory: [batch, sourceLength, memorySize], the values.
    ///   - mask: additive, batch·sourceLength values (0 to attend, ``Masks/blocked`` for padding), e.g. from
    ///     `Masks.padding(lengths:maxLength:)`; `nil` attends everywhere.
    func callAsFunction(_ query: Tensor, keys: ProjectedKeys, memory: Tensor, mask: Tensor?) -> AttentionOutput
}

extension SourceAttention {
    /// Softmax of the scores [batch, sourceLength] after the mask, and the weighted sum of `memory`.
    func attend(scores: Tensor, memory: Tensor, mask: Tensor?) -> AttentionOutput {
        let (batch, length) = (memory.shape[0], memory.shape[1])
        var scores = scores
        if let mask {
            precondition(mask.count == batch * length, "attention mask of shape \(mask.shape) for \(batch)×\(length) scores")
            scores = scores + mask.reshaped([batch, length])
        }
        let weights = scores.softmax()                                                          // [batch, source]
        probe?.record(weights, .attention, of: self)
        let context = matmul(weights.reshaped([batch, 1, length]), memory)                     // [batch, 1, memory]
        return AttentionOutput(context: context.reshaped([batch, memory.shape[2]]), weights: weights)
    }
}
