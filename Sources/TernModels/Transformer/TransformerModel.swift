import TernNN
import TernTensor

/// The Transformer encoder–decoder (Vaswani et al. 2017): embeddings × √d plus positions, N encoder and M decoder
/// layers, an output projection without bias — tied to the target embedding (and the source one) when configured,
/// in which case all of them are one ``Parameter``.
///
/// Keys: `src_embed`, `tgt_embed`, `src_positions`/`tgt_positions` (learned positions only), `embed_dropout`,
/// `encoder`, `decoder`, `output`. With `tied_embeddings: all` the one matrix is listed as `src_embed.weight`.
public final class TransformerModel: Module, Seq2SeqModel {
    public let config: ModelConfig
    public let settings: TransformerSettings
    public let sourceEmbedding: Embedding
    public let targetEmbedding: Embedding
    public let sinusoidalPositions: SinusoidalPositions?
    public let sourcePositions: LearnedPositions?
    public let targetPositions: LearnedPositions?
    public let embeddingDropout: Dropout
    public let encoder: TransformerEncoder
    public let decoder: TransformerDecoder
    public let output: Linear
    /// Decoder weights prepared for incremental decoding (see ``prepareForInference(compute:quantizeOutput:)``): a
    /// derived copy, checked against the parameters' versions before each use, never a source of truth.
    private var prepared: TransformerInferenceWeights?
    private var preparedCompute: (compute: ComputeType, quantizeOutput: Bool) = (.float32, true)

    /// Builds the modules; `config` must be a validated Transformer config (use ``ModelFactory``).
    public init(config: ModelConfig, sourceVocabularySize: Int, targetVocabularySize: Int, generator: inout SeededGenerator) {
        guard case .transformer(let settings) = config.architecture else { preconditionFailure("not a Transformer config") }
        self.config = config
        self.settings = settings
        let d = settings.dModel
        let scale = settings.scaleEmbeddings ? Float(d).squareRoot() : 1
        // N(0, 1/d) rows: with the √d scale, embeddings start at unit size, as the positions are.
        sourceEmbedding = Embedding(sourceVocabularySize, d, scale: scale, generator: &generator)
        switch config.tiedEmbeddings {
        case .all:
            targetEmbedding = Embedding(weight: sourceEmbedding.weight, scale: scale)
        case .none, .decoder:
            targetEmbedding = Embedding(targetVocabularySize, d, scale: scale, generator: &generator)
        }
        if settings.positions == .learned {
            sinusoidalPositions = nil
            sourcePositions = LearnedPositions(maxLength: settings.maxPositions, dimension: d, generator: &generator)
            targetPositions = LearnedPositions(maxLength: settings.maxPositions, dimension: d, generator: &generator)
        } else {
            sinusoidalPositions = SinusoidalPositions(dimension: d)
            sourcePositions = nil
            targetPositions = nil
        }
        embeddingDropout = Dropout(rate: config.dropout, seed: generator.next())
        encoder = TransformerEncoder(settings, dropout: config.dropout, generator: &generator)
        decoder = TransformerDecoder(settings, dropout: config.dropout, generator: &generator)
        output = config.tiedEmbeddings == .none
            ? Linear(d, targetVocabularySize, bias: false, generator: &generator)
            : Linear(weight: targetEmbedding.weight)
    }

    public var sourceVocabularySize: Int { sourceEmbedding.vocabularySize }
    public var targetVocabularySize: Int { output.outputSize }

    override public var children: [(key: String, module: Module)] {
        var list: [(key: String, module: Module)] = [("src_embed", sourceEmbedding), ("tgt_embed", targetEmbedding)]
        if let sinusoidalPositions { list.append(("positions", sinusoidalPositions)) }
        if let sourcePositions { list.append(("src_positions", sourcePositions)) }
        if let targetPositions { list.append(("tgt_positions", targetPositions)) }
        return list + [("embed_dropout", embeddingDropout), ("encoder", encoder), ("decoder", decoder), ("output", output)]
    }

    /// Embedding × √d + position encodings of positions offset..<offset + time, then dropout. [batch, time, d]
    func embed(_ ids: [Int32], batch: Int, time: Int, offset: Int, table: Embedding, learned: LearnedPositions?) -> Tensor {
        let positions = learned.map { $0(length: time, offset: offset) }
            ?? sinusoidalPositions!(length: time, offset: offset)                               // [time, d]
        return embeddingDropout(table(ids, shape: [batch, time]) + positions)                    // [batch, time, d]
    }

    public func encode(_ source: TokenBatch) -> EncoderOutput {
        let mask = Masks.padding(lengths: source.lengths, maxLength: source.length)            // [batch, 1, 1, source]
        let x = embed(source.ids, batch: source.batchSize, time: source.length, offset: 0, table: sourceEmbedding,
                      learned: sourcePositions)
        let (memory, attention) = encoder(x, mask: mask)
        return EncoderOutput(memory: memory, sourceLengths: source.lengths, sourceMask: mask, selfAttention: attention)
    }

    public func initialState(_ encoded: EncoderOutput) -> any DecoderState {
        let weights = inferenceWeights()
        let (batch, length) = (encoded.memory.shape[0], encoded.memory.shape[1])
        let d = settings.dModel
        let memory = withoutGrad { encoded.memory.detached().reshaped([batch * length, d]) }  // [batch·source, d]
        let caches = weights.layers.map { layer -> MemoryKeyValues in
            let keysValues = layer.crossKeyValue(memory)                                         // [batch·source, 2d]
            return MemoryKeyValues(block: KeyValueBlock(keys: keysValues, values: keysValues, keyColumn: 0, valueColumn: d),
                                   sourceLength: length, sentenceLengths: encoded.sourceLengths)
        }
        return TransformerDecoderState(selfCaches: Array(repeating: StepKeyValueCache(rows: batch), count: caches.count),
                                       memory: caches, position: 0)
    }

    /// Incremental decoding is inference: no dropout and no graph, whatever the training flag (teacher forcing
    /// through ``forward(source:targetInput:)`` is the differentiable path).
    public func decodeStep(_ previous: [Int32], state: any DecoderState) -> DecoderStep {
        guard var state = state as? TransformerDecoderState else { preconditionFailure("not a Transformer decoder state") }
        precondition(previous.count == state.rows, "\(previous.count) tokens for a state of \(state.rows) rows")
        let weights = inferenceWeights()
        let batch = previous.count
        var stream = withoutGrad {
            let positions = targetPositions.map { $0(length: 1, offset: state.position) }
                ?? sinusoidalPositions!(length: 1, offset: state.position)                     // [1, d]
            return targetEmbedding(previous, shape: [batch]) + positions                       // [batch, d]
        }
        var attention: [Tensor] = []
        for (index, layer) in decoder.layers.enumerated() {
            let out = layer.step(stream, weights: weights.layers[index], cache: &state.selfCaches[index],
                                 memory: state.memory[index])
            stream = out.output
            attention.append(out.crossAttention)                                                 // [batch, heads, source]
        }
        let logits = withoutGrad {
            let normed = decoder.norm.map { $0(stream) } ?? stream
            return PhaseProfile.measure("output projection") { weights.output(normed) }        // [batch, vocab]
        }
        state.position += 1
        return DecoderStep(logits: logits, state: state, attention: attention)
    }

    /// Prepares the decoder's weights for incremental decoding in `compute` (stacked projections; int8 quantised
    /// for `.int8`). Decoding prepares Float32 weights by itself when this was not called, and re-prepares in the
    /// same compute type when a parameter has changed since.
    /// - Parameter quantizeOutput: whether `.int8` covers the output projection too (default true).
    public func prepareForInference(compute: ComputeType, quantizeOutput: Bool) {
        preparedCompute = (compute, quantizeOutput)
        prepared = TransformerInferenceWeights(self, compute: compute, quantizeOutput: quantizeOutput)
    }

    public func prepareForInference(compute: ComputeType) throws {
        prepareForInference(compute: compute, quantizeOutput: true)
    }

    public var inferenceCompute: ComputeType { preparedCompute.compute }

    /// The prepared weights, rebuilt if missing or stale.
    func inferenceWeights() -> TransformerInferenceWeights {
        if let prepared, prepared.isCurrent { return prepared }
        let fresh = TransformerInferenceWeights(self, compute: preparedCompute.compute, quantizeOutput: preparedCompute.quantizeOutput)
        prepared = fresh
        return fresh
    }

    public func forward(source: TokenBatch, targetInput: TokenBatch) -> ModelOutput {
        let encoded = encode(source)
        let (batch, time) = (targetInput.batchSize, targetInput.length)
        let x = embed(targetInput.ids, batch: batch, time: time, offset: 0, table: targetEmbedding,
                      learned: targetPositions)
        // Target padding sits after each sentence's tokens, so the causal mask alone keeps real positions from
        // seeing it.
        let (stream, layers) = decoder(x, selfCaches: Array(repeating: nil, count: decoder.layers.count),
                                       memory: decoder.memoryCaches(encoded.memory), selfMask: Masks.causal(time),
                                       sourceMask: encoded.sourceMask)
        return ModelOutput(logits: output(stream),                                               // [batch, time, vocab]
                           attention: AttentionMaps(encoderSelf: encoded.selfAttention,
                                                    decoderSelf: layers.map(\.selfAttention),
                                                    cross: layers.map(\.crossAttention)))
    }
}
