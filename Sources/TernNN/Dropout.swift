import TernTensor

/// Inverted dropout that is active only while ``Module/training`` is on.
///
/// Each instance draws its masks from its own seeded generator, so a run repeats exactly and no global random
/// state is shared between layers.
///
/// Not `final`, unlike the other layers: ``AlphaDropout`` is a kind of dropout (same rate, same seeded generator), and
/// as a subclass its generator is saved and restored wherever a run's dropout generators are, without a second list.
public class Dropout: Module {
    public let rate: Float
    public var generator: SeededGenerator

    public init(rate: Float, seed: UInt64) {
        precondition(rate >= 0 && rate < 1, "dropout rate must be in [0, 1), got \(rate)")
        self.rate = rate
        self.generator = SeededGenerator(seed: seed)
    }

    public func callAsFunction(_ x: Tensor) -> Tensor {
        guard training, rate > 0 else { return x }
        return dropout(x, rate: rate, training: true, generator: &generator)
    }

    /// `self(x.relu())` as one op (``reluDropout``): the same values and draws from the same generator, with less
    /// held for the backward. Plain dropout only (``AlphaDropout`` follows SELU, never ReLU).
    public func afterRelu(_ x: Tensor) -> Tensor {
        precondition(!(self is AlphaDropout), "alpha dropout follows SELU, not ReLU")
        guard training, rate > 0 else { return x.relu() }
        return reluDropout(x, rate: rate, training: true, generator: &generator)
    }
}
