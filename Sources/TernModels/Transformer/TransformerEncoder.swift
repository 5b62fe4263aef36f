import TernNN
import TernTensor

/// The encoder stack: N layers, then a final LayerNorm in pre-norm (the residual stream is never normalised
/// otherwise).
public final class TransformerEncoder: Module {
    public let layers: [TransformerEncoderLayer]
    public let norm: LayerNorm?

    public init(_ settings: TransformerSettings, dropout: Float, generator: inout SeededGenerator) {
        layers = (0..<settings.encoderLayers).map { _ in TransformerEncoderLayer(settings, dropout: dropout, generator: &generator) }
        norm = settings.norm == .pre ? LayerNorm(settings.dModel, epsilon: settings.layerNormEpsilon) : nil
    }

    override public var children: [(key: String, module: Module)] {
        layers.enumerated().map { ("layers.\($0.offset)", $0.element as Module) } + (norm.map { [("norm", $0)] } ?? [])
    }

    /// - Parameters:
    ///   - x: embedded source [batch, source, dModel].
    ///   - mask: padding mask [batch, 1, 1, source].
    /// - Returns: the memory [batch, source, dModel] and each layer's self-attention [batch, heads, source, source].
    public func callAsFunction(_ x: Tensor, mask: Tensor) -> (memory: Tensor, attention: [Tensor]) {
        var stream = x
        var attention: [Tensor] = []
        for layer in layers {
            let (output, weights) = layer(stream, mask: mask)
            stream = output
            attention.append(weights)
        }
        return (norm.map { $0(stream) } ?? stream, attention)
    }
}
