import TernModels
import TernTensor

/// Any ``Seq2SeqModel`` as a ``StepDecoder``: one incremental decoder step gives the next-token log-probabilities,
/// and the step's attention over the source (every decoder layer and head, flattened) when asked for.
public struct ModelStepDecoder: StepDecoder {
    public let model: any Seq2SeqModel
    public let collectAttention: Bool

    public init(model: any Seq2SeqModel, collectAttention: Bool = false) {
        self.model = model
        self.collectAttention = collectAttention
    }

    public func step(tokens: [Int32], state: any DecoderState) -> DecoderStepOutput<any DecoderState> {
        let step = model.decodeStep(tokens, state: state)
        var attention: Tensor? = nil
        if collectAttention && !step.attention.isEmpty {
            // per layer [rows, heads, source] → [rows, layers·heads·source]
            let rows = step.logits.shape[0]
            attention = concat(step.attention.map { $0.reshaped([rows, -1]) }, axis: 1)
        }
        return DecoderStepOutput(logProbabilities: step.logits.logSoftmax(), state: step.state, attention: attention)
    }

    public func select(_ state: any DecoderState, rows: [Int]) -> any DecoderState { state.selectingRows(rows) }
}

/// Translates a batch of source id sequences (each already ending in `</s>`) without recording a graph.
public func translate(model: any Seq2SeqModel, sources: [[Int32]], settings: SearchSettings) -> [[Hypothesis]] {
    withoutGrad { model.inEvaluationMode {
        let batch = TokenBatch(rows: sources)
        let encoded = model.encode(batch)
        let decoder = ModelStepDecoder(model: model, collectAttention: settings.collectAttention)
        let state = model.initialState(encoded)
        if settings.beamSize == 1 {
            return greedySearch(decoder, state: state, sourceLengths: batch.lengths, settings: settings).map { [$0] }
        }
        return beamSearch(decoder, state: state, sourceLengths: batch.lengths, settings: settings)
    } }
}
