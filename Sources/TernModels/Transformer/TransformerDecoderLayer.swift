import TernNN
import TernTensor

/// What a decoder layer returns.
public struct DecoderLayerOutput {
    /// [batch, time, dModel]
    public var output: Tensor
    /// The self-attention keys and values of every position so far (for the next incremental step).
    public var selfCache: KeyValueCache
    /// [batch, heads, time, positions so far]
    public var selfAttention: Tensor
    /// [batch, heads, time, source]
    public var crossAttention: Tensor
}

/// One decoder layer: causal self-attention, cross-attention over the encoder output, feed-forward; each a residual
/// with dropout, normalised before (pre-norm) or after (post-norm) the sublayer.
///
/// One code path serves teacher forcing and incremental decoding: the layer appends the keys and values of its
/// input positions to `selfCache` (empty for a full pass) and attends over the whole cache.
///
/// In post-norm the cross-attention query is the normalised stream after the self-attention block — the same
/// tensor the residual continues from (not the self-attention block's
/// un-normalised output, which mlx-swift's post-norm decoder passes — apparently a slip no shape test would catch).
public final class TransformerDecoderLayer: Module {
    public let selfAttention: MultiHeadAttention
    public let selfAttentionNorm: LayerNorm
    public let crossAttention: MultiHeadAttention
    public let crossAttentionNorm: LayerNorm
    public let feedForward: FeedForward
    public let feedForwardNorm: LayerNorm
    public let residualDropout: Dropout
    public let preNorm: Bool

    public init(_ settings: TransformerSettings, dropout: Float, generator: inout SeededGenerator) {
        let attentionDropout = settings.attentionDropout ?? dropout
        selfAttention = MultiHeadAttention(dModel: settings.dModel, heads: settings.heads, dropout: attentionDropout,
                                           generator: &generator)
        selfAttentionNorm = LayerNorm(settings.dModel, epsilon: settings.layerNormEpsilon)
        crossAttention = MultiHeadAttention(dModel: settings.dModel, heads: settings.heads, dropout: attentionDropout,
                                            generator: &generator)
        crossAttentionNorm = LayerNorm(settings.dModel, epsilon: settings.layerNormEpsilon)
        feedForward = FeedForward(dModel: settings.dModel, dFF: settings.dFF, activation: settings.activation,
                                  dropout: settings.activationDropout ?? dropout, generator: &generator)
        feedForwardNorm = LayerNorm(settings.dModel, epsilon: settings.layerNormEpsilon)
        residualDropout = Dropout(rate: dropout, seed: generator.next())
        preNorm = settings.norm == .pre
    }

    override public var children: [(key: String, module: Module)] {
        [("self_attn", selfAttention), ("self_attn_norm", selfAttentionNorm), ("cross_attn", crossAttention),
         ("cross_attn_norm", crossAttentionNorm), ("feed_forward", feedForward), ("feed_forward_norm", feedForwardNorm),
         ("dropout", residualDropout)]
    }

    /// - Parameters:
    ///   - x: [batch, time, dModel], the new positions (all of them for teacher forcing, one when incremental).
    ///   - selfCache: keys and values of the earlier positions, `nil` at the start.
    ///   - memory: the encoder output projected by ``crossAttention`` (`keysValues(_:)`), once per source.
    ///   - selfMask: causal mask [time, positions so far] for a full pass; `nil` when every cached position may be seen.
    ///   - sourceMask: padding mask [batch, 1, 1, source].
    public func callAsFunction(_ x: Tensor, selfCache: KeyValueCache?, memory: KeyValueCache, selfMask: Tensor?,
                               sourceMask: Tensor) -> DecoderLayerOutput {
        if preNorm {
            let normed = selfAttentionNorm(x)
            let cache = selfAttention.appendingKeysValues(of: normed, to: selfCache)
            let attended = selfAttention.attend(normed, to: cache, mask: selfMask)
            let afterSelf = x + residualDropout(attended.context)
            let crossed = crossAttention.attend(crossAttentionNorm(afterSelf), to: memory, mask: sourceMask)
            let afterCross = afterSelf + residualDropout(crossed.context)
            let output = afterCross + residualDropout(feedForward(feedForwardNorm(afterCross)))
            probe?.record(output, .output, of: self)
            return DecoderLayerOutput(output: output, selfCache: cache, selfAttention: attended.weights,
                                      crossAttention: crossed.weights)
        }
        let cache = selfAttention.appendingKeysValues(of: x, to: selfCache)
        let attended = selfAttention.attend(x, to: cache, mask: selfMask)
        let afterSelf = selfAttentionNorm(x + residualDropout(attended.context))
        let crossed = crossAttention.attend(afterSelf, to: memory, mask: sourceMask)
        let afterCross = crossAttentionNorm(afterSelf + residualDropout(crossed.context))
        let output = feedForwardNorm(afterCross + residualDropout(feedForward(afterCross)))
        probe?.record(output, .output, of: self)
        return DecoderLayerOutput(output: output, selfCache: cache, selfAttention: attended.weights,
                                  crossAttention: crossed.weights)
    }
}
