import Foundation

/// One finished evaluation as a strategy sees it: where, the value (to be minimised; the caller negates a score
/// such as BLEU) and how long it took.
public struct Observation: Equatable, Sendable {
    public var assignment: SearchSpace.Assignment
    public var value: Double
    public var seconds: Double

    public init(assignment: SearchSpace.Assignment, value: Double, seconds: Double = 1) {
        self.assignment = assignment
        self.value = value
        self.seconds = seconds
    }
}

/// Chooses the next assignment to evaluate from the finished ones. A class, so that a strategy can keep state
/// between suggestions (the GP's last hyperparameters, a warm start) and be rebuilt from the history alone.
public protocol SearchStrategy: AnyObject {
    func suggest(space: SearchSpace, history: [Observation], generator: inout TuneRandom) -> SearchSpace.Assignment
}

/// Random search (Bergstra & Bengio 2012): each suggestion an independent draw from the space.
public final class RandomSearch: SearchStrategy {
    public init() {}
    public func suggest(space: SearchSpace, history: [Observation], generator: inout TuneRandom) -> SearchSpace.Assignment {
        space.sample(&generator)
    }
}

/// The strategies by name, as `--strategy` spells them.
public enum StrategyName: String, CaseIterable, Sendable {
    case random
    case gpEI = "gp-ei"
    case gpEIPerSecond = "gp-ei-per-second"

    public func make(initialRandom: Int) -> SearchStrategy {
        switch self {
        case .random: return RandomSearch()
        case .gpEI: return GaussianProcessSearch(initialRandom: initialRandom)
        case .gpEIPerSecond: return GaussianProcessSearch(initialRandom: initialRandom, perSecond: true)
        }
    }
}
