import TernNN
import TernTensor

/// The decoder stack: M layers, then a final LayerNorm in pre-norm.
public final class TransformerDecoder: Module {
    public let layers: [TransformerDecoderLayer]
    public let norm: LayerNorm?

    public init(_ settings: TransformerSettings, dropout: Float, generator: inout SeededGenerator) {
        layers = (0..<settings.decoderLayers).map { _ in TransformerDecoderLayer(settings, dropout: dropout, generator: &generator) }
        norm = settings.norm == .pre ? LayerNorm(settings.dModel, epsilon: settings.layerNormEpsilon) : nil
    }

    override public var children: [(key: String, module: Module)] {
        layers.enumerated().map { ("layers.\($0.offset)", $0.element as Module) } + (norm.map { [("norm", $0)] } ?? [])
    }

    /// Each layer's cross-attention keys and values of the encoder output: computed once per source.
    public func memoryCaches(_ memory: Tensor) -> [KeyValueCache] {
        layers.map { $0.crossAttention.keysValues(memory) }
    }

    /// Runs the stack over new positions.
    /// - Parameters:
    ///   - x: embedded target positions [batch, time, dModel].
    ///   - selfCaches: per layer, the earlier positions' keys and values (`nil` entries at the start).
    ///   - memory: from ``memoryCaches(_:)``.
    ///   - selfMask: causal mask for a full pass, `nil` for a single incremental position.
    ///   - sourceMask: padding mask [batch, 1, 1, source].
    public func callAsFunction(_ x: Tensor, selfCaches: [KeyValueCache?], memory: [KeyValueCache], selfMask: Tensor?,
                               sourceMask: Tensor) -> (output: Tensor, layers: [DecoderLayerOutput]) {
        var stream = x
        var outputs: [DecoderLayerOutput] = []
        for (index, layer) in layers.enumerated() {
            let out = layer(stream, selfCache: selfCaches[index], memory: memory[index], selfMask: selfMask,
                            sourceMask: sourceMask)
            stream = out.output
            outputs.append(out)
        }
        return (norm.map { $0(stream) } ?? stream, outputs)
    }
}
