import TernNN
import TernTensor

/// A Transformer decoder's weights prepared for incremental decoding in one ``ComputeType``: per layer the query,
/// key and value projections of self-attention stacked into one matrix (one GEMM per step instead of three), the
/// cross-attention key and value projections stacked (run once per source batch), and the output projection.
/// Embeddings, layer norms and biases stay Float32. Built by ``TransformerModel/prepareForInference(compute:)``,
/// rebuilt when a parameter has changed since (``isCurrent``).
public struct TransformerInferenceWeights {
    public struct Layer {
        public let selfProjection: InferenceLinear                                             // [q | k | v], 3·d
        public let selfOutput: InferenceLinear
        public let crossQuery: InferenceLinear
        public let crossKeyValue: InferenceLinear                                              // [k | v], 2·d
        public let crossOutput: InferenceLinear
        public let feedForward1: InferenceLinear
        public let feedForward2: InferenceLinear

        init(_ layer: TransformerDecoderLayer, compute: ComputeType) {
            let s = layer.selfAttention, c = layer.crossAttention
            selfProjection = InferenceLinear([s.queryProjection, s.keyProjection, s.valueProjection], compute: compute)
            selfOutput = InferenceLinear(s.outputProjection, compute: compute)
            crossQuery = InferenceLinear(c.queryProjection, compute: compute)
            crossKeyValue = InferenceLinear([c.keyProjection, c.valueProjection], compute: compute)
            crossOutput = InferenceLinear(c.outputProjection, compute: compute)
            feedForward1 = InferenceLinear(layer.feedForward.linear1, compute: compute)
            feedForward2 = InferenceLinear(layer.feedForward.linear2, compute: compute)
        }

        var all: [InferenceLinear] {
            [selfProjection, selfOutput, crossQuery, crossKeyValue, crossOutput, feedForward1, feedForward2]
        }
    }

    public let compute: ComputeType
    public let layers: [Layer]
    public let output: InferenceLinear

    /// - Parameter quantizeOutput: whether `.int8` also covers the output projection (the vocabulary-sized GEMM).
    init(_ model: TransformerModel, compute: ComputeType, quantizeOutput: Bool) {
        self.compute = compute
        layers = model.decoder.layers.map { Layer($0, compute: compute) }
        output = InferenceLinear(model.output, compute: quantizeOutput ? compute : .float32)
    }

    public var isCurrent: Bool { output.isCurrent && layers.allSatisfy { $0.all.allSatisfy(\.isCurrent) } }
}
