import TernNN
import TernTensor

/// The RNN encoder–decoder (Bahdanau et al. 2015; Luong et al. 2015): embeddings, a bidirectional encoder, a bridge
/// h₀ = tanh(W[h→_final; h←_final] + b) to every decoder layer (zeros without a bridge; an LSTM's cell starts at
/// zero), and the attentional decoder with input feeding.
///
/// Dropout (rate `dropout`) is applied to the source and target embeddings, between stacked layers, and to the
/// attentional vectors before the output layer. Weights start as PyTorch's defaults (embeddings N(0, 1), linear layers
/// and GRU/LSTM weights U(±1/√fan-in)), the initialisation of the PyTorch recipe whose learning curve Tern is measured
/// against.
///
/// Keys: `src_embed`, `tgt_embed`, `embed_dropout`, `encoder`, `bridge`, `decoder`. Tied weights appear once, under
/// the first of these names.
public final class RNNModel: Module, Seq2SeqModel {
    public let config: ModelConfig
    public let settings: RNNSettings
    public let sourceEmbedding: Embedding
    public let targetEmbedding: Embedding
    public let embeddingDropout: Dropout
    public let encoder: RNNEncoder
    public let bridge: Linear?
    public let decoder: RNNDecoder

    /// Builds the modules; `config` must be a validated RNN config (use ``ModelFactory``).
    public init(config: ModelConfig, sourceVocabularySize: Int, targetVocabularySize: Int, generator: inout SeededGenerator) {
        guard case .rnn(let r) = config.architecture else { preconditionFailure("not an RNN config") }
        self.config = config
        settings = r
        // N(0, 1), PyTorch's `nn.Embedding` default. Smaller embeddings (0.1 was tried) give the encoder a tenfold
        // weaker signal that Adam, under a warm-up learning rate, takes hundreds of updates to grow: the model sits on
        // the unigram plateau (dev perplexity ~780 after 250 updates of 8,192 tokens).
        let embeddingInit = Initializer.normal(std: 1)
        sourceEmbedding = Embedding(sourceVocabularySize, r.embeddingSize, initializer: embeddingInit, generator: &generator)
        targetEmbedding = config.tiedEmbeddings == .all
            ? Embedding(weight: sourceEmbedding.weight)
            : Embedding(targetVocabularySize, r.embeddingSize, initializer: embeddingInit, generator: &generator)
        embeddingDropout = Dropout(rate: config.dropout, seed: generator.next())
        encoder = RNNEncoder(cell: r.cell, inputSize: r.embeddingSize, hiddenSize: r.encoderHidden,
                             layers: r.encoderLayers, dropout: config.dropout, generator: &generator)
        bridge = r.bridge ? Linear.pytorchDefault(r.memorySize, r.decoderHidden, generator: &generator) : nil
        decoder = RNNDecoder(settings: r, dropout: config.dropout, targetVocabularySize: targetVocabularySize,
                             tiedOutput: config.tiedEmbeddings == .none ? nil : targetEmbedding.weight,
                             generator: &generator)
    }

    public var sourceVocabularySize: Int { sourceEmbedding.vocabularySize }
    public var targetVocabularySize: Int { decoder.output.outputSize }

    override public var children: [(key: String, module: Module)] {
        [("src_embed", sourceEmbedding), ("tgt_embed", targetEmbedding), ("embed_dropout", embeddingDropout),
         ("encoder", encoder)] + (bridge.map { [("bridge", $0)] } ?? []) + [("decoder", decoder)]
    }

    public func encode(_ source: TokenBatch) -> EncoderOutput {
        // Column by column, so that the backward of each step touches only its own [batch, e] slice.
        let columns = (0..<source.length).map { t in
            embeddingDropout(sourceEmbedding(source.column(t), shape: [source.batchSize]))         // [batch, e]
        }
        let (outputs, finalStates) = encoder(columns, lengths: source.lengths)
        return EncoderOutput(memory: stack(outputs, axis: 1),                                      // [batch, source, 2H]
                             sourceLengths: source.lengths,
                             sourceMask: Masks.padding(lengths: source.lengths, maxLength: source.length),
                             finalStates: finalStates)
    }

    public func initialState(_ encoded: EncoderOutput) -> any DecoderState {
        rnnInitialState(encoded)
    }

    func rnnInitialState(_ encoded: EncoderOutput) -> RNNDecoderState {
        let batch = encoded.memory.shape[0], d = settings.decoderHidden
        let start = bridge.map { $0(encoded.finalStates!).tanh() } ?? Tensor.zeros([batch, d])     // [batch, D]
        let layers = decoder.cells.map { cell in
            RecurrentState(hidden: start, cell: settings.cell == .lstm ? Tensor.zeros([batch, d]) : nil)
        }
        return RNNDecoderState(layers: layers, previousAttentional: Tensor.zeros([batch, d]), memory: encoded.memory,
                               keys: decoder.attention.projectKeys(encoded.memory), sourceMask: encoded.sourceMask,
                               position: 0)
    }

    public func decodeStep(_ previous: [Int32], state: any DecoderState) -> DecoderStep {
        guard let state = state as? RNNDecoderState else { preconditionFailure("not an RNN decoder state") }
        let embedded = embeddingDropout(targetEmbedding(previous, shape: [previous.count]))           // [batch, e]
        let (vector, next, weights) = decoder.step(embedded, state: state)
        return DecoderStep(logits: decoder.logits(vector), state: next,
                           attention: [weights.reshaped([previous.count, 1, -1])])                  // [batch, 1, source]
    }

    /// The RNN decodes in Float32 only: its step is dominated by the recurrent cells' small GEMMs and the
    /// attention over the memory, where int8 quantisation has not been measured to pay.
    public func prepareForInference(compute: ComputeType) throws {
        guard compute == .float32 else { throw ComputeError.unsupportedCompute(compute, family: "rnn") }
    }

    public var inferenceCompute: ComputeType { .float32 }

    public func forward(source: TokenBatch, targetInput: TokenBatch) -> ModelOutput {
        let encoded = encode(source)
        var state = rnnInitialState(encoded)
        var vectors: [Tensor] = [], weights: [Tensor] = []
        for t in 0..<targetInput.length {
            let embedded = embeddingDropout(targetEmbedding(targetInput.column(t), shape: [targetInput.batchSize]))
            let (vector, next, alpha) = decoder.step(embedded, state: state)
            vectors.append(vector)
            weights.append(alpha)
            state = next
        }
        // One output GEMM over all steps rather than one per step.
        let logits = decoder.logits(stack(vectors, axis: 1))                                        // [batch, target, vocab]
        let attention = stack(weights, axis: 1)                                                      // [batch, target, source]
        return ModelOutput(logits: logits, attention: AttentionMaps(
            encoderSelf: [], decoderSelf: [],
            cross: [attention.reshaped([targetInput.batchSize, 1, targetInput.length, source.length])]))
    }
}
