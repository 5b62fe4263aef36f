import TernTensor

/// The changes a search makes to a row's scores before choosing from them: the repetition penalty on the tokens
/// the row's hypothesis already holds, and −inf for every token that would repeat an n-gram.
enum LogitProcessing {
    /// Applies the penalties of `settings` to `scores` [rows, vocabulary] in place, `prefixes[r]` being row r's
    /// output so far (rows without an entry are left alone).
    static func apply(_ scores: inout Tensor, prefixes: [Int: [Int32]], settings: SearchSettings) {
        guard settings.processesLogits, !prefixes.isEmpty else { return }
        let vocabulary = scores.shape[1]
        scores.withUnsafeMutableBufferPointer { values in
            for (row, tokens) in prefixes {
                let base = row * vocabulary
                if settings.repetitionPenalty != 1 {
                    // Each distinct token once: a token repeated in the prefix is penalised once, as in CTranslate2.
                    for token in Set(tokens) {
                        let i = base + Int(token)
                        values[i] = values[i] > 0 ? values[i] / settings.repetitionPenalty : values[i] * settings.repetitionPenalty
                    }
                }
                for token in bannedByNgram(tokens, n: settings.noRepeatNgram) {
                    values[base + Int(token)] = -.infinity
                }
            }
        }
    }

    /// The tokens that would complete an n-gram already in `tokens`: those that followed an earlier occurrence of
    /// the last n − 1 tokens.
    static func bannedByNgram(_ tokens: [Int32], n: Int) -> [Int32] {
        guard n > 0, tokens.count >= n - 1 else { return [] }
        if n == 1 { return tokens }
        let length = tokens.count, context = n - 1
        var banned: [Int32] = []
        // earlier windows tokens[i ..< i + context] followed by tokens[i + context]
        var i = 0
        while i + context < length {
            var matches = true
            for j in 0..<context where tokens[i + j] != tokens[length - context + j] { matches = false; break }
            if matches { banned.append(tokens[i + context]) }
            i += 1
        }
        return banned
    }
}
