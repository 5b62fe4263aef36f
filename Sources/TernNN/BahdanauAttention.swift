import TernTensor

/// Additive attention (Bahdanau et al. 2015): e_s = vᵀ tanh(K·m_s + Q·h), α = softmax(e) over the source, context
/// Σ α_s m_s. The three projections have no bias (JoeyNMT's and the golden reference's form).
///
/// - Parameters:
///   - querySize: width of the decoder state h.
///   - memorySize: width of the encoder states m (2·hidden for a bidirectional encoder).
///   - attentionSize: width of the tanh layer (K, Q: [attentionSize, ·]; v: [1, attentionSize]).
public final class BahdanauAttention: Module, SourceAttention {
    public let keyProjection: Linear
    public let queryProjection: Linear
    public let energy: Linear

    public init(querySize: Int, memorySize: Int, attentionSize: Int, generator: inout SeededGenerator) {
        keyProjection = Linear.pytorchDefault(memorySize, attentionSize, bias: false, generator: &generator)
        queryProjection = Linear.pytorchDefault(querySize, attentionSize, bias: false, generator: &generator)
        energy = Linear.pytorchDefault(attentionSize, 1, bias: false, generator: &generator)
    }

    override public var children: [(key: String, module: Module)] {
        [("key_proj", keyProjection), ("query_proj", queryProjection), ("energy", energy)]
    }

    public func projectKeys(_ memory: Tensor) -> ProjectedKeys {
        ProjectedKeys(keys: keyProjection(memory))                                             // [batch, source, attention]
    }

    public func callAsFunction(_ query: Tensor, keys: ProjectedKeys, memory: Tensor, mask: Tensor?) -> AttentionOutput {
        let scores = additiveScores(keys: keys.keys, query: queryProjection(query), energy: energy.weight.value)  // [batch, source]
        return attend(scores: scores, memory: memory, mask: mask)
    }
}
