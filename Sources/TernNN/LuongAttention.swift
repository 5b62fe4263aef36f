import TernTensor

/// Multiplicative attention (Luong et al. 2015, §3.1): score(h, m_s) = hᵀ m_s ("dot") or hᵀ W m_s ("general"),
/// α = softmax over the source, context Σ α_s m_s. For "general" the memory is projected once per source
/// (W m_s, keys of the query's width); "dot" needs querySize == memorySize and uses the memory itself as keys.
public final class LuongAttention: Module, SourceAttention {
    public enum Score: String, Codable, Sendable { case dot, general }

    public let score: Score
    /// W of the "general" score, [querySize, memorySize]; `nil` for "dot".
    public let keyProjection: Linear?

    public init(score: Score, querySize: Int, memorySize: Int, generator: inout SeededGenerator) {
        self.score = score
        switch score {
        case .dot:
            precondition(querySize == memorySize, "dot attention needs equal query and memory sizes, got \(querySize) and \(memorySize)")
            keyProjection = nil
        case .general:
            keyProjection = Linear.pytorchDefault(memorySize, querySize, bias: false, generator: &generator)
        }
    }

    override public var children: [(key: String, module: Module)] {
        keyProjection.map { [("key_proj", $0)] } ?? []
    }

    public func projectKeys(_ memory: Tensor) -> ProjectedKeys {
        ProjectedKeys(keys: keyProjection.map { $0(memory) } ?? memory)                        // [batch, source, query]
    }

    public func callAsFunction(_ query: Tensor, keys: ProjectedKeys, memory: Tensor, mask: Tensor?) -> AttentionOutput {
        let (batch, length) = (memory.shape[0], memory.shape[1])
        let column = query.reshaped([batch, query.shape[1], 1])                                // [batch, query, 1]
        let scores = matmul(keys.keys, column).reshaped([batch, length])                       // [batch, source]
        return attend(scores: scores, memory: memory, mask: mask)
    }
}
