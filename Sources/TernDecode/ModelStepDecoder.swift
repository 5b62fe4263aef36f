import TernModels
import TernTensor

/// Any ``Seq2SeqModel`` as a ``StepDecoder``: one incremental decoder step gives the next-token logits,
/// and the step's attention over the source (every decoder layer and head, flattened) when asked for.
public struct ModelStepDecoder: StepDecoder {
    public let model: any Seq2SeqModel
    public let collectAttention: Bool

    public init(model: any Seq2SeqModel, collectAttention: Bool = false) {
        self.model = model
        self.collectAttention = collectAttention
    }

    public func step(tokens: [Int32], state: any DecoderState) -> DecoderStepOutput<any DecoderState> {
        let step = PhaseProfile.measure("model step") { model.decodeStep(tokens, state: state) }
        var attention: Tensor? = nil
        if collectAttention && !step.attention.isEmpty {
            // per layer [rows, heads, source] → [rows, layers·heads·source]
            let rows = step.logits.shape[0]
            attention = concat(step.attention.map { $0.reshaped([rows, -1]) }, axis: 1)
        }
        return DecoderStepOutput(logits: step.logits, state: step.state, attention: attention)
    }

    public func select(_ state: any DecoderState, rows: [Int]) -> any DecoderState {
        PhaseProfile.measure("state reorder") { state.selectingRows(rows) }
    }
}

/// Translates a batch of source id sequences (each already ending in `</s>`) without recording a graph, in the
/// model's ``Seq2SeqModel/inferenceCompute`` (see ``Seq2SeqModel/prepareForInference(compute:)``).
public func translate(model: any Seq2SeqModel, sources: [[Int32]], settings: SearchSettings) -> [[Hypothesis]] {
    withoutGrad { model.inEvaluationMode {
        let batch = TokenBatch(rows: sources)
        let encoded = model.encode(batch)
        let decoder = ModelStepDecoder(model: model, collectAttention: settings.collectAttention)
        let state = model.initialState(encoded)
        precondition(settings.sampling == nil || settings.beamSize == 1, "sampling draws one token per step: use beam size 1")
        if settings.beamSize == 1 {
            return greedySearch(decoder, state: state, sourceLengths: batch.lengths, settings: settings).map { [$0] }
        }
        return beamSearch(decoder, state: state, sourceLengths: batch.lengths, settings: settings)
    } }
}
