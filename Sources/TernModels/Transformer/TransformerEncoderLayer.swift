import TernNN
import TernTensor

/// One encoder layer: self-attention then feed-forward, each wrapped in a residual connection with dropout.
///
/// Pre-norm (Xiong et al. 2020; tensor2tensor, fairseq `normalize_before`): x + Sublayer(LayerNorm(x)).
/// Post-norm (the original paper): LayerNorm(x + Sublayer(x)).
public final class TransformerEncoderLayer: Module {
    public let selfAttention: MultiHeadAttention
    public let selfAttentionNorm: LayerNorm
    public let feedForward: FeedForward
    public let feedForwardNorm: LayerNorm
    public let residualDropout: Dropout
    public let preNorm: Bool

    public init(_ settings: TransformerSettings, dropout: Float, generator: inout SeededGenerator) {
        selfAttention = MultiHeadAttention(dModel: settings.dModel, heads: settings.heads,
                                           dropout: settings.attentionDropout ?? dropout, generator: &generator)
        selfAttentionNorm = LayerNorm(settings.dModel, epsilon: settings.layerNormEpsilon)
        feedForward = FeedForward(dModel: settings.dModel, dFF: settings.dFF, activation: settings.activation,
                                  dropout: settings.activationDropout ?? dropout, generator: &generator)
        feedForwardNorm = LayerNorm(settings.dModel, epsilon: settings.layerNormEpsilon)
        residualDropout = Dropout(rate: dropout, seed: generator.next())
        preNorm = settings.norm == .pre
    }

    override public var children: [(key: String, module: Module)] {
        [("self_attn", selfAttention), ("self_attn_norm", selfAttentionNorm), ("feed_forward", feedForward),
         ("feed_forward_norm", feedForwardNorm), ("dropout", residualDropout)]
    }

    /// - Parameters:
    ///   - x: [batch, source, dModel]
    ///   - mask: the source padding mask [batch, 1, 1, source].
    /// - Returns: the new stream and the self-attention weights [batch, heads, source, source].
    public func callAsFunction(_ x: Tensor, mask: Tensor) -> (output: Tensor, attention: Tensor) {
        if preNorm {
            let normed = selfAttentionNorm(x)
            let attended = selfAttention(normed, source: normed, mask: mask)
            let afterAttention = x + residualDropout(attended.context)
            let output = afterAttention + residualDropout(feedForward(feedForwardNorm(afterAttention)))
            probe?.record(output, .output, of: self)
            return (output, attended.weights)
        }
        let attended = selfAttention(x, source: x, mask: mask)
        let afterAttention = selfAttentionNorm(x + residualDropout(attended.context))
        let output = feedForwardNorm(afterAttention + residualDropout(feedForward(afterAttention)))
        probe?.record(output, .output, of: self)
        return (output, attended.weights)
    }
}
