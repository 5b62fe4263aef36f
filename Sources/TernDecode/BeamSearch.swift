import TernTensor

/// A hypothesis still being extended, and its row in the decoder state.
struct LiveHypothesis {
    var tokens: [Int32]
    var logProbability: Float
    var attention: [[Float]]
    var row: Int
}

/// Beam search over a batch of sentences, on the incremental decoder state.
///
/// Each sentence keeps up to `beamSize` live hypotheses. At every step the 2·K best continuations of a sentence's
/// live hypotheses are ranked (score, then hypothesis, then token id: ties resolve the way greedy's argmax does);
/// an `</s>` among the first K ends a hypothesis, the best K others live on — fairseq's rule, which keeps K live
/// hypotheses even when some end. A sentence is done when it has K ended hypotheses and no live one can still beat
/// the best of them (or nothing is left alive); rows of done sentences leave the decoder state. Stopping at the first
/// K ended, as fairseq does, can return K short poor outputs while a better one is still growing — worse even than
/// greedy. With K = 1 this is exactly greedy search.
///
/// - Returns: per sentence, the `nBest` best hypotheses by score (ended ones first; hypotheses cut at the maximum
///   length fill in only when fewer than `nBest` ended).
public func beamSearch<Decoder: StepDecoder>(
    _ decoder: Decoder, state initialState: Decoder.State, sourceLengths: [Int], settings: SearchSettings
) -> [[Hypothesis]] {
    let beam = settings.beamSize
    let batch = sourceLengths.count
    let maxLengths = sourceLengths.map { settings.maxLength(sourceLength: $0) }
    var live: [[LiveHypothesis]] = (0..<batch).map { [LiveHypothesis(tokens: [], logProbability: 0, attention: [], row: $0)] }
    var ended = [[Hypothesis]](repeating: [], count: batch)
    var cut = [[Hypothesis]](repeating: [], count: batch)
    var done = [Bool](repeating: false, count: batch)
    var beamDone = [Bool](repeating: false, count: batch)
    var anchor: [LiveHypothesis?] = (0..<batch).map {
        settings.keepsGreedyPath ? LiveHypothesis(tokens: [], logProbability: 0, attention: [], row: $0) : nil
    }
    var previous = [Int32](repeating: settings.beginToken, count: batch)
    var state = initialState

    while done.contains(false) {
        let output = decoder.step(tokens: previous, state: state)
        let attentionRows = settings.collectAttention ? output.attention.map { rowsOf($0) } : nil
        // Each row's prefix (for the penalties) and its forbidden token (`</s>` before the minimum length).
        let rows = output.scores.shape[0]
        var prefixes = [[Int32]](repeating: [], count: rows)
        var excluded = [Int32](repeating: -1, count: rows)
        for sentence in 0..<batch where !done[sentence] {
            for hypothesis in live[sentence] + (anchor[sentence].map { [$0] } ?? []) {
                prefixes[hypothesis.row] = hypothesis.tokens
                if hypothesis.tokens.count < settings.minLength { excluded[hypothesis.row] = settings.endToken }
            }
        }
        // The 2K best tokens of every row: enough for any sentence's 2K best continuations.
        let choices = PhaseProfile.measure("beam top-k") {
            NextTokenChoices(output.scores, normalized: output.normalized, prefixes: prefixes, excluded: excluded,
                             k: 2 * beam, settings: settings)
        }
        let k = choices.k
        var nextRows: [Int] = []
        var nextPrevious: [Int32] = []
        PhaseProfile.measure("beam bookkeeping") {
        for sentence in 0..<batch where !done[sentence] {
            // The 2K best (score, live index, token) over this sentence's live hypotheses; ties go to the earlier
            // hypothesis, then the lower token id.
            var candidates: [(score: Float, hypothesis: Int, token: Int32)] = []
            candidates.reserveCapacity(live[sentence].count * k)
            for (index, hypothesis) in live[sentence].enumerated() {
                for j in 0..<k {
                    let token = choices.tokens[hypothesis.row * k + j]
                    if token < 0 { break }
                    candidates.append((hypothesis.logProbability + choices.values[hypothesis.row * k + j], index, token))
                }
            }
            candidates.sort { $0.score > $1.score || ($0.score == $1.score && ($0.hypothesis, $0.token) < ($1.hypothesis, $1.token)) }
            if candidates.count > 2 * beam { candidates.removeLast(candidates.count - 2 * beam) }
            var survivors: [LiveHypothesis] = []
            for (rank, candidate) in candidates.enumerated() {
                let parent = live[sentence][candidate.hypothesis]
                var attention = parent.attention
                if let attentionRows { attention.append(attentionRows[parent.row]) }
                if candidate.token == settings.endToken {
                    guard rank < beam else { continue }
                    ended[sentence].append(Hypothesis(
                        tokens: parent.tokens, logProbability: candidate.score,
                        score: candidate.score / settings.penalty(length: parent.tokens.count + 1),
                        finished: true, attention: attention))
                } else if survivors.count < beam {
                    let tokens = parent.tokens + [candidate.token]
                    if tokens.count >= maxLengths[sentence] {
                        cut[sentence].append(Hypothesis(
                            tokens: tokens, logProbability: candidate.score,
                            score: candidate.score / settings.penalty(length: tokens.count),
                            finished: false, attention: attention))
                    } else {
                        survivors.append(LiveHypothesis(tokens: tokens, logProbability: candidate.score, attention: attention,
                                              row: parent.row))
                    }
                }
            }
            // The greedy path rides along: if it falls out of the beam it keeps a row of its own, so the search
            // never returns a worse score than greedy search would.
            if var path = anchor[sentence] {
                let (token, logProbability) = choices.best(row: path.row)
                var attention = path.attention
                if let attentionRows { attention.append(attentionRows[path.row]) }
                path.logProbability += logProbability
                path.attention = attention
                if token == settings.endToken {
                    if !ended[sentence].contains(where: { $0.tokens == path.tokens }) {
                        ended[sentence].append(Hypothesis(
                            tokens: path.tokens, logProbability: path.logProbability,
                            score: path.logProbability / settings.penalty(length: path.tokens.count + 1),
                            finished: true, attention: attention))
                    }
                    anchor[sentence] = nil
                } else {
                    path.tokens.append(token)
                    if path.tokens.count >= maxLengths[sentence] {
                        if !cut[sentence].contains(where: { $0.tokens == path.tokens }) {
                            cut[sentence].append(Hypothesis(
                                tokens: path.tokens, logProbability: path.logProbability,
                                score: path.logProbability / settings.penalty(length: path.tokens.count),
                                finished: false, attention: attention))
                        }
                        anchor[sentence] = nil
                    } else {
                        anchor[sentence] = path
                    }
                }
            }
            if !beamDone[sentence] && (survivors.isEmpty || (ended[sentence].count >= beam && cannotImprove(
                ended: ended[sentence], live: survivors, maxLength: maxLengths[sentence], settings: settings))) {
                beamDone[sentence] = true
                survivors = []
            }
            if let path = anchor[sentence], beamDone[sentence],
               cannotImprove(ended: ended[sentence], live: [path], maxLength: maxLengths[sentence], settings: settings) {
                anchor[sentence] = nil
            }
            for index in survivors.indices {
                nextRows.append(survivors[index].row)
                nextPrevious.append(survivors[index].tokens.last!)
                survivors[index].row = nextRows.count - 1
            }
            live[sentence] = survivors
            if var path = anchor[sentence] {
                if let shared = survivors.first(where: { $0.tokens == path.tokens }) {
                    path.row = shared.row
                } else {
                    nextRows.append(path.row)
                    nextPrevious.append(path.tokens.last!)
                    path.row = nextRows.count - 1
                }
                anchor[sentence] = path
            }
            if beamDone[sentence] && anchor[sentence] == nil { done[sentence] = true }
        }
        }
        if nextRows.isEmpty { break }
        state = decoder.select(output.state, rows: nextRows)
        previous = nextPrevious
    }

    return (0..<batch).map { sentence in
        let rank: (Hypothesis, Hypothesis) -> Bool = { $0.score > $1.score }
        var best = ended[sentence].sorted(by: rank)
        if best.count < settings.nBest { best += cut[sentence].sorted(by: rank) }
        return Array(best.prefix(settings.nBest))
    }
}

/// Whether no live hypothesis can end with a better score than the best ended one. A log-probability only falls as
/// tokens are added, so a live hypothesis's best possible score is its log-probability over the largest length
/// penalty it could reach (the penalty grows with length; for α = 0 it is 1). Beam size 1 stops at the first
/// ended hypothesis, which is greedy search.
func cannotImprove(ended: [Hypothesis], live: [LiveHypothesis], maxLength: Int, settings: SearchSettings) -> Bool {
    if settings.beamSize == 1 { return true }
    let bestEnded = ended.map(\.score).max() ?? -.infinity
    let bestPossible = live.map { $0.logProbability / settings.penalty(length: maxLength) }.max() ?? -.infinity
    return bestEnded >= bestPossible
}
