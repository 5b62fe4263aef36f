import TernTensor

/// What a search needs from a model: one decoder step over a batch of hypothesis rows, and a way to keep, drop or
/// duplicate rows of the decoder state when hypotheses end or a beam is reordered.
///
/// Both model families provide it on their incremental state (RNN hidden state; Transformer key/value caches), so a
/// step costs one position, not a re-run over the prefix.
public protocol StepDecoder {
    associatedtype State
    /// Runs one step for every row of `state`: `tokens[r]` is row r's previous output token.
    func step(tokens: [Int32], state: State) -> DecoderStepOutput<State>
    /// The state with rows `rows` of `state`, in that order (repeats allowed).
    func select(_ state: State, rows: [Int]) -> State
}

/// One step's result for every row.
public struct DecoderStepOutput<State> {
    /// [rows, vocabulary] scores of the next token: log-probabilities when `normalized`, else unnormalised logits
    /// (the searches take log-softmax statistics and the best entries from them directly, without writing a
    /// normalised copy).
    public var scores: Tensor
    public var normalized: Bool
    public var state: State
    /// [rows, A]: what the model attended to at this step, flattened (e.g. layers × heads × source positions), or
    /// nil when the model was not asked for it.
    public var attention: Tensor?

    public init(logProbabilities: Tensor, state: State, attention: Tensor? = nil) {
        self.scores = logProbabilities
        self.normalized = true
        self.state = state
        self.attention = attention
    }

    public init(logits: Tensor, state: State, attention: Tensor? = nil) {
        self.scores = logits
        self.normalized = false
        self.state = state
        self.attention = attention
    }

    /// [rows, vocabulary] log-probabilities of the next token.
    public var logProbabilities: Tensor { normalized ? scores : scores.logSoftmax() }
}

/// One output of a search.
public struct Hypothesis: Equatable, Sendable {
    /// Output tokens, without `<s>` and without the final `</s>`.
    public var tokens: [Int32]
    /// Sum of the log-probabilities of every emitted token, `</s>` included.
    public var logProbability: Float
    /// The ranking score: `logProbability` divided by the length penalty (equal to it when α = 0).
    public var score: Float
    /// Whether the hypothesis ended with `</s>` (false when cut at the maximum length).
    public var finished: Bool
    /// Per emitted token (`</s>` included), the step's attention row, when collected.
    public var attention: [[Float]]
}
