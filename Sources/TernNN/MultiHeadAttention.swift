import TernTensor

/// Keys and values already projected and split into heads, for attending to them many times: the encoder output
/// seen by every decoding step (cross-attention), or the growing prefix of an incremental decoder (self-attention).
public struct KeyValueCache {
    /// [batch, heads, time, headDim]
    public var keys: Tensor
    /// [batch, heads, time, headDim]
    public var values: Tensor

    public init(keys: Tensor, values: Tensor) {
        precondition(keys.shape == values.shape && keys.rank == 4, "cache keys \(keys.shape) and values \(values.shape)")
        self.keys = keys
        self.values = values
    }

    public var length: Int { keys.shape[2] }

    /// The cache of the batch rows `rows` (beam search reorders hypotheses).
    public func selectingRows(_ rows: [Int]) -> KeyValueCache {
        KeyValueCache(keys: keys.selectingRows(rows), values: values.selectingRows(rows))
    }
}

/// Scaled dot-product attention with several heads (Vaswani et al. 2017, §3.2):
/// softmax(Q Kᵀ / √(d/heads) + mask) V per head, heads concatenated and projected. Head h uses the contiguous
/// block of features h·headDim ..< (h+1)·headDim of each projection, as PyTorch does.
///
/// - Parameters:
///   - dModel: the model width; must be divisible by `heads`.
///   - heads: number of heads.
///   - dropout: dropout on the attention probabilities while training (the returned weights are before dropout).
public final class MultiHeadAttention: Module {
    public let heads: Int
    public let dModel: Int
    public let queryProjection: Linear
    public let keyProjection: Linear
    public let valueProjection: Linear
    public let outputProjection: Linear
    public let attentionDropout: Dropout

    public init(dModel: Int, heads: Int, dropout: Float = 0, generator: inout SeededGenerator) {
        precondition(heads > 0 && dModel % heads == 0, "d_model \(dModel) is not divisible by heads \(heads)")
        self.heads = heads
        self.dModel = dModel
        queryProjection = Linear(dModel, dModel, generator: &generator)
        keyProjection = Linear(dModel, dModel, generator: &generator)
        valueProjection = Linear(dModel, dModel, generator: &generator)
        outputProjection = Linear(dModel, dModel, generator: &generator)
        attentionDropout = Dropout(rate: dropout, seed: generator.next())
    }

    public var headDim: Int { dModel / heads }

    override public var children: [(key: String, module: Module)] {
        [("q_proj", queryProjection), ("k_proj", keyProjection), ("v_proj", valueProjection),
         ("out_proj", outputProjection), ("dropout", attentionDropout)]
    }

    /// [batch, time, dModel] → [batch, heads, time, headDim]
    func splitHeads(_ x: Tensor) -> Tensor {
        let (batch, time) = (x.shape[0], x.shape[1])
        return x.reshaped([batch, time, heads, headDim])                                       // [batch, time, heads, headDim]
            .permuted([0, 2, 1, 3])                                                            // [batch, heads, time, headDim]
    }

    /// Projects `source` [batch, time, dModel] to keys and values split into heads.
    public func keysValues(_ source: Tensor) -> KeyValueCache {
        KeyValueCache(keys: splitHeads(keyProjection(source)), values: splitHeads(valueProjection(source)))
    }

    /// `cache` with the keys and values of `x` [batch, newTime, dModel] appended along time (incremental
    /// self-attention: each step adds its own position).
    public func appendingKeysValues(of x: Tensor, to cache: KeyValueCache?) -> KeyValueCache {
        let new = keysValues(x)
        guard let cache else { return new }
        return KeyValueCache(keys: concat([cache.keys, new.keys], axis: 2),                   // [batch, heads, old + new, headDim]
                             values: concat([cache.values, new.values], axis: 2))
    }

    /// Attention of `queries` over `source` (the same tensor for self-attention).
    /// - Parameters:
    ///   - queries: [batch, queries, dModel]
    ///   - source: [batch, keys, dModel]
    ///   - mask: additive, broadcast to [batch, heads, queries, keys]: a padding mask [batch, 1, 1, keys], a causal
    ///     mask [queries, keys], or their sum.
    /// - Returns: context [batch, queries, dModel], weights [batch, heads, queries, keys].
    public func callAsFunction(_ queries: Tensor, source: Tensor, mask: Tensor? = nil) -> AttentionOutput {
        attend(queries, to: keysValues(source), mask: mask)
    }

    /// Attention of `queries` [batch, queries, dModel] over projected keys and values.
    public func attend(_ queries: Tensor, to cache: KeyValueCache, mask: Tensor? = nil) -> AttentionOutput {
        let (batch, time) = (queries.shape[0], queries.shape[1])
        let q = splitHeads(queryProjection(queries))                                           // [batch, heads, queries, headDim]
        // The 1/√headDim scale rides on the GEMM's alpha instead of a separate pass.
        var scores = matmul(q, cache.keys, transposeB: true,
                            alpha: 1 / Float(headDim).squareRoot())                            // [batch, heads, queries, keys]
        if let mask { scores = scores + mask }
        let weights = scores.softmax()
        probe?.record(weights, .attention, of: self)
        let context = matmul(attentionDropout(weights), cache.values)                          // [batch, heads, queries, headDim]
            .permuted([0, 2, 1, 3])                                                            // [batch, queries, heads, headDim]
            .reshaped([batch, time, dModel])                                                   // [batch, queries, dModel]
        return AttentionOutput(context: outputProjection(context), weights: weights)
    }
}
