import Foundation
import TernTensor

/// Draws one token from a row of scores under ``Sampling``'s temperature, top-k and top-p.
struct TokenSampler {
    let sampling: Sampling
    private var generators: [SeededGenerator]

    init(sampling: Sampling, sentences: Int) {
        self.sampling = sampling
        generators = (0..<sentences).map { SeededGenerator(seed: sampling.seed &+ UInt64($0) &* 0x9E37_79B9_7F4A_7C15) }
    }

    /// - Parameters:
    ///   - scores: row `row` of `scores` holds the logits (or log-probabilities) of the next token.
    ///   - logSumExp: that row's log-sum-exp, so x − lse is the model's log-probability.
    ///   - excluded: a token not allowed (`</s>` before the minimum length), or −1.
    /// - Returns: the token and its log-probability under the model (before temperature and truncation).
    mutating func draw(sentence: Int, scores: Tensor, row: Int, logSumExp: Float, excluded: Int32) -> (Int32, Float) {
        let vocabulary = scores.shape[1]
        let row = scores.withUnsafeBufferPointer { Array($0[(row * vocabulary)..<((row + 1) * vocabulary)]) }
        // Candidates by descending score (ties: lower id first), the top k only when asked.
        var order = (0..<vocabulary).filter { $0 != Int(excluded) && row[$0] > -.infinity }
        order.sort { row[$0] > row[$1] || (row[$0] == row[$1] && $0 < $1) }
        if sampling.topK > 0 && order.count > sampling.topK { order.removeLast(order.count - sampling.topK) }
        guard let best = order.first else { return (0, -.infinity) }
        // Probabilities under the temperature, relative to the best (exp of ≤ 0, no overflow).
        var weights = order.map { Foundation.exp((row[$0] - row[best]) / sampling.temperature) }
        let total = weights.reduce(0, +)
        if sampling.topP < 1 {
            var mass: Float = 0, keep = 0
            while keep < weights.count && mass < sampling.topP * total {
                mass += weights[keep]
                keep += 1
            }
            weights.removeLast(weights.count - max(keep, 1))
        }
        let kept = weights.reduce(0, +)
        var target = Float(Double(generators[sentence].next() >> 40) / Double(1 << 24)) * kept
        var pick = weights.count - 1
        for (index, weight) in weights.enumerated() {
            if target < weight { pick = index; break }
            target -= weight
        }
        let token = order[pick]
        return (Int32(token), row[token] - logSumExp)
    }
}
