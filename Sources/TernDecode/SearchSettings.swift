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
    /// No n-gram of this many tokens may occur twice in an output (fairseq's and CTranslate2's
    /// `no_repeat_ngram_size`): a token that would complete an n-gram already present is banned. 0 is off.
    public var noRepeatNgram: Int = 0
    /// Penalty on tokens already in the output (CTranslate2's and Hugging Face's `repetition_penalty`, Keskar et al.
    /// 2019): their logits are divided by it when positive and multiplied by it when negative, before the softmax.
    /// 1 is off; above 1 discourages repetition.
    public var repetitionPenalty: Float = 1
    /// Whether beam search carries the greedy path along when it falls out of the beam (one extra decoder row per
    /// sentence while it is out), so that it never returns a lower score than greedy search. CTranslate2 and
    /// fairseq do not; turning it off gives their search and their cost.
    public var keepsGreedyPath = true
    /// Random sampling instead of taking the most probable token (greedy search only); `nil` is off.
    public var sampling: Sampling? = nil

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

    /// Whether any setting changes the model's scores before a token is chosen.
    var processesLogits: Bool { noRepeatNgram > 0 || repetitionPenalty != 1 }

    public func maxLength(sourceLength: Int) -> Int {
        max(1, Int(maxLengthRatio * Float(sourceLength)) + maxLengthOffset)
    }

    /// GNMT's length penalty for an output of `length` tokens.
    public func penalty(length: Int) -> Float {
        lengthPenalty == 0 ? 1 : Float(Foundation.pow((5.0 + Double(length)) / 6.0, Double(lengthPenalty)))
    }
}

/// Sampling the next token from the model's distribution, reshaped: logits divided by `temperature`, then only the
/// `topK` most probable tokens kept (0 keeps all), then only the smallest set of the most probable whose
/// probability adds up to `topP` (nucleus sampling, Holtzman et al. 2020; 1 keeps all), renormalised.
/// With `topK` 1 it is greedy search. Draws come from a ``SeededGenerator`` per sentence seeded from `seed` and the
/// sentence's index in the batch, so a batch decoded twice with one seed gives the same outputs.
public struct Sampling: Sendable, Equatable {
    public var topK: Int
    public var topP: Float
    public var temperature: Float
    public var seed: UInt64

    public init(topK: Int = 0, topP: Float = 1, temperature: Float = 1, seed: UInt64 = 0) {
        precondition(topK >= 0, "top-k must be 0 (all) or positive")
        precondition(topP > 0 && topP <= 1, "top-p must be in (0, 1]")
        precondition(temperature > 0, "temperature must be positive")
        self.topK = topK
        self.topP = topP
        self.temperature = temperature
        self.seed = seed
    }
}
