import TernTensor

/// One step's best next tokens for every row, taken from the step's scores after the search's penalties: each
/// row's log-sum-exp and its k most probable tokens as log-probabilities, found in one pass over the row (no
/// normalised [rows, vocabulary] copy, no sort of the vocabulary).
struct NextTokenChoices {
    /// [rows, vocabulary], after the repetition penalty and n-gram bans.
    let scores: Tensor
    /// Per row: log Σ exp(scores) (0 when the scores were already log-probabilities and nothing changed them).
    let logSumExp: [Float]
    let k: Int
    /// [rows · k] log-probabilities, best first, and their token ids (−1 past a row's finite entries).
    let values: [Float]
    let tokens: [Int32]

    /// - Parameters:
    ///   - prefixes: each row's output so far (for the penalties).
    ///   - excluded: per row, a token it may not take (`</s>` before the minimum length), or −1.
    init(_ output: Tensor, normalized: Bool, prefixes: [[Int32]], excluded: [Int32], k: Int, settings: SearchSettings) {
        var scores = output
        if settings.processesLogits {
            var byRow: [Int: [Int32]] = [:]
            for (row, prefix) in prefixes.enumerated() where !prefix.isEmpty { byRow[row] = prefix }
            LogitProcessing.apply(&scores, prefixes: byRow, settings: settings)
        }
        let renormalize = !normalized || settings.processesLogits
        let lse = renormalize ? LogitSelection.logSumExp(scores) : [Float](repeating: 0, count: scores.shape[0])
        (values, tokens) = LogitSelection.topK(scores, logSumExp: lse, k: min(k, scores.shape[1]), excluded: excluded)
        self.scores = scores
        self.logSumExp = lse
        self.k = min(k, scores.shape[1])
    }

    /// The row's most probable allowed token and its log-probability (token 0 at −inf if none is allowed).
    func best(row: Int) -> (Int32, Float) {
        let token = tokens[row * k]
        return token < 0 ? (0, -.infinity) : (token, values[row * k])
    }
}
