/// A sentence pair as token ids (without `<s>`/`</s>`; the model adds them).
public struct TokenPair: Equatable, Sendable {
    public var source: [Int32]
    public var target: [Int32]
    public init(source: [Int32], target: [Int32]) {
        self.source = source
        self.target = target
    }
}

/// Batches by token count with length bucketing, Marian's "maxi-batch sort then fill to a token budget": each epoch
/// shuffles the pairs with a seed, cuts the shuffled order into windows of `windowSize` pairs, sorts each window by
/// length so that a batch wastes little padding, fills batches up to `maxTokens` padded target tokens (sentences ×
/// longest target, counting `</s>`) — the unit of the reference recipes' "batches of 4,096 target tokens" — and
/// shuffles the batches.
///
/// Every pair is used exactly once per epoch. The order depends only on the seed and the epoch number, so a resumed
/// run can rebuild it and skip to the saved position.
public struct TokenBatcher: Sendable {
    public let pairs: [TokenPair]
    public let maxTokens: Int
    public let seed: UInt64
    public let windowSize: Int

    public init(pairs: [TokenPair], maxTokens: Int, seed: UInt64, windowSize: Int = 100_000) {
        precondition(maxTokens > 0, "maxTokens must be positive")
        self.pairs = pairs
        self.maxTokens = maxTokens
        self.seed = seed
        self.windowSize = windowSize
    }

    /// The batches of one epoch, each a list of indices into `pairs`.
    public func batches(epoch: Int) -> [[Int]] {
        var generator = SplitMixGenerator(seed: seed &+ UInt64(epoch) &* 0x9E37_79B9_7F4A_7C15)
        var order = Array(pairs.indices)
        order.shuffle(using: &generator)
        var batches: [[Int]] = []
        var windowStart = 0
        while windowStart < order.count {
            let window = order[windowStart..<min(order.count, windowStart + windowSize)].sorted {
                let a = pairs[$0], b = pairs[$1]
                return (a.target.count, a.source.count, $0) < (b.target.count, b.source.count, $1)
            }
            var current: [Int] = []
            var longestTarget = 0
            for index in window {
                let pair = pairs[index]
                // +1 for the shifted <s>/</s> on the target
                let target = max(longestTarget, pair.target.count + 1)
                if !current.isEmpty && (current.count + 1) * target > maxTokens {
                    batches.append(current)
                    current = []
                    longestTarget = 0
                }
                current.append(index)
                longestTarget = max(longestTarget, pair.target.count + 1)
            }
            if !current.isEmpty { batches.append(current) }
            windowStart += windowSize
        }
        batches.shuffle(using: &generator)
        return batches
    }
}

/// A small seeded generator for shuffling (SplitMix64): the order must not depend on Swift's default generator.
struct SplitMixGenerator: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
