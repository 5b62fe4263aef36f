import TernTensor

/// Greedy decoding of a batch: at each step every unfinished row takes its most probable token (or, with
/// ``SearchSettings/sampling``, a token drawn from its distribution). Rows whose sentence
/// has ended are dropped from the decoder state, so later steps only pay for the sentences still running.
///
/// - Parameters:
///   - state: the decoder state with one row per sentence (after encoding).
///   - sourceLengths: per sentence, for the maximum output length.
/// - Returns: one hypothesis per sentence, in the order of the rows.
public func greedySearch<Decoder: StepDecoder>(
    _ decoder: Decoder, state initialState: Decoder.State, sourceLengths: [Int], settings: SearchSettings
) -> [Hypothesis] {
    let batch = sourceLengths.count
    var results = [Hypothesis?](repeating: nil, count: batch)
    var rowSentence = Array(0..<batch)  // sentence of each live row
    var tokens = [[Int32]](repeating: [], count: batch)
    var logProbability = [Float](repeating: 0, count: batch)
    var attention = [[[Float]]](repeating: [], count: batch)
    var previous = [Int32](repeating: settings.beginToken, count: batch)
    var state = initialState
    let maxLengths = sourceLengths.map { settings.maxLength(sourceLength: $0) }

    var sampler = settings.sampling.map { TokenSampler(sampling: $0, sentences: batch) }

    while !rowSentence.isEmpty {
        let output = decoder.step(tokens: previous, state: state)
        let attentionRows = settings.collectAttention ? output.attention.map { rowsOf($0) } : nil
        let excluded = rowSentence.map { tokens[$0].count < settings.minLength ? settings.endToken : -1 }
        let choices = PhaseProfile.measure("greedy argmax") {
            NextTokenChoices(output.scores, normalized: output.normalized, prefixes: rowSentence.map { tokens[$0] },
                             excluded: excluded, k: 1, settings: settings)
        }
        var keep: [Int] = []
        var nextPrevious: [Int32] = []
        for (row, sentence) in rowSentence.enumerated() {
            let (best, bestScore) = sampler == nil ? choices.best(row: row)
                : sampler!.draw(sentence: sentence, scores: choices.scores, row: row, logSumExp: choices.logSumExp[row],
                                excluded: excluded[row])
            logProbability[sentence] += bestScore
            if let attentionRows { attention[sentence].append(attentionRows[row]) }
            let ended = best == settings.endToken
            if !ended { tokens[sentence].append(best) }
            let length = tokens[sentence].count + (ended ? 1 : 0)
            if ended || length >= maxLengths[sentence] {
                let emitted = tokens[sentence].count + (ended ? 1 : 0)
                results[sentence] = Hypothesis(tokens: tokens[sentence], logProbability: logProbability[sentence],
                                               score: logProbability[sentence] / settings.penalty(length: emitted),
                                               finished: ended, attention: attention[sentence])
            } else {
                keep.append(row)
                nextPrevious.append(best)
            }
        }
        if keep.count != rowSentence.count && !keep.isEmpty { state = decoder.select(output.state, rows: keep) }
        else { state = output.state }
        rowSentence = keep.map { rowSentence[$0] }
        previous = nextPrevious
    }
    return results.map { $0! }
}

/// Index and value of the largest entry of one row; ties go to the lowest index, as in beam search.
func argmax(_ values: [Float], row: Int, width: Int, excluding excluded: Int32? = nil) -> (Int32, Float) {
    let start = row * width
    var best = 0, bestValue = -Float.infinity
    let skip = excluded.map(Int.init) ?? -1
    for v in 0..<width where values[start + v] > bestValue && v != skip {
        best = v
        bestValue = values[start + v]
    }
    return (Int32(best), bestValue)
}

func rowsOf(_ tensor: Tensor) -> [[Float]] {
    let width = tensor.shape.last ?? 1
    let values = tensor.scalars
    return (0..<(tensor.count / Swift.max(width, 1))).map { Array(values[($0 * width)..<(($0 + 1) * width)]) }
}

extension Tensor {
    /// One row of a [rows, width] tensor as an array.
    func scalarsOfRow(_ row: Int) -> [Float] {
        let width = shape.last ?? 1
        return withUnsafeBufferPointer { Array($0[(row * width)..<((row + 1) * width)]) }
    }
}
