import Foundation
import TernModels

/// Settings shared by greedy and beam search.
public struct SearchSettings: Sendable {
    public var beamSize: Int
    /// GNMT's α (Wu et al., 2016): hypotheses are ranked by log P / lp, lp = ((5 + length) / 6)^α, with length
    /// counting the emitted tokens including `</s>`. 0 ranks by log P alone.
    public var lengthPenalty: Float
    /// The output may be at most `maxLengthRatio` × source length + `maxLengthOffset` tokens (`</s>` included).
    public var maxLengthRatio: Float
    public var maxLengthOffset: Int
    /// `</s>` is not allowed before this many tokens (benchmarks force equal work: minimum = maximum length).
    public var minLength: Int = 0
    /// How many hypotheses per sentence a beam search returns (≤ beam size).
    public var nBest: Int
    public var collectAttention: Bool
    public var beginToken: Int32
    public var endToken: Int32

    public init(beamSize: Int = 1, lengthPenalty: Float = 0, maxLengthRatio: Float = 1.5, maxLengthOffset: Int = 10,
                nBest: Int = 1, collectAttention: Bool = false, beginToken: Int32 = TokenBatch.bosId, endToken: Int32 = TokenBatch.eosId) {
        precondition(beamSize >= 1, "beam size must be at least 1")
        precondition(nBest >= 1 && nBest <= beamSize, "n-best must be between 1 and the beam size")
        self.beamSize = beamSize
        self.lengthPenalty = lengthPenalty
        self.maxLengthRatio = maxLengthRatio
        self.maxLengthOffset = maxLengthOffset
        self.nBest = nBest
        self.collectAttention = collectAttention
        self.beginToken = beginToken
        self.endToken = endToken
    }

    public func maxLength(sourceLength: Int) -> Int {
        max(1, Int(maxLengthRatio * Float(sourceLength)) + maxLengthOffset)
    }

    /// GNMT's length penalty for an output of `length` tokens.
    public func penalty(length: Int) -> Float {
        lengthPenalty == 0 ? 1 : Float(Foundation.pow((5.0 + Double(length)) / 6.0, Double(lengthPenalty)))
    }
}
