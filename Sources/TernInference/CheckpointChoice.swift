/// Which of a model file's checkpoints to load: the newest, the best by the run's validation metric (the newest when
/// no checkpoint has that metric yet), or the one saved at a step.
public enum CheckpointChoice: Equatable, Sendable, CustomStringConvertible {
    case last, best, step(Int)

    /// Parses `best`, `last` or a step number, as given to `--checkpoint`; nil for anything else.
    public init?(_ text: String) {
        switch text {
        case "last": self = .last
        case "best": self = .best
        default:
            guard let step = Int(text), step >= 0 else { return nil }
            self = .step(step)
        }
    }

    public var description: String {
        switch self {
        case .last: return "last"
        case .best: return "best"
        case .step(let step): return String(step)
        }
    }
}
