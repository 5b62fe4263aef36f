import TernNN
import TernTensor

extension TransformerDecoderLayer {
    /// One incremental decoding step of this layer for every row, on prepared weights: the same function as
    /// ``callAsFunction(_:selfCache:memory:selfMask:sourceMask:)`` on one position in eval mode (no dropout), with
    /// the self-attention keys and values appended to `cache` as one block (no copy of earlier positions) and the
    /// cross-attention reading each sentence's memory once for all its hypotheses.
    ///
    /// - Parameters:
    ///   - x: [rows, dModel], the new position of every row.
    /// - Returns: the layer output [rows, dModel] and the cross-attention weights [rows, heads, source].
    func step(_ x: Tensor, weights: TransformerInferenceWeights.Layer, cache: inout StepKeyValueCache,
              memory: MemoryKeyValues) -> (output: Tensor, crossAttention: Tensor) {
        let d = selfAttention.dModel, heads = selfAttention.heads, headDim = selfAttention.headDim
        func attendSelf(_ input: Tensor) -> Tensor {
            let qkv = weights.selfProjection(input)                                                // [rows, 3d]
            cache.append(KeyValueBlock(keys: qkv, values: qkv, keyColumn: d, valueColumn: 2 * d))
            let context = PhaseProfile.measure("self-attention kernel") {
                attentionStep(query: qkv, heads: heads, headDim: headDim, source: cache.source).context
            }
            return weights.selfOutput(context)                                                     // [rows, d]
        }
        func attendMemory(_ input: Tensor) -> (Tensor, Tensor) {
            let query = weights.crossQuery(input)                                                  // [rows, d]
            let attended = PhaseProfile.measure("cross-attention kernel") {
                attentionStep(query: query, heads: heads, headDim: headDim, source: memory.source)
            }
            return (weights.crossOutput(attended.context), attended.weights)                       // [rows, d], [rows, heads, source]
        }
        func feedForwardBlock(_ input: Tensor) -> Tensor {
            let hidden = weights.feedForward1(input)                                               // [rows, dFF]
            return weights.feedForward2(feedForward.activate(hidden))
        }
        return withoutGrad {
            if preNorm {
                let afterSelf = x + attendSelf(selfAttentionNorm(x))
                let (crossed, crossWeights) = attendMemory(crossAttentionNorm(afterSelf))
                let afterCross = afterSelf + crossed
                return (afterCross + feedForwardBlock(feedForwardNorm(afterCross)), crossWeights)
            }
            let afterSelf = selfAttentionNorm(x + attendSelf(x))
            let (crossed, crossWeights) = attendMemory(afterSelf)
            let afterCross = crossAttentionNorm(afterSelf + crossed)
            return (feedForwardNorm(afterCross + feedForwardBlock(afterCross)), crossWeights)
        }
    }
}
