/// Where a run stands, from its validation figures: the answer `tern diagnose` gives first.
public enum FitVerdict: String, Codable, Sendable, CaseIterable {
    /// The training loss is not finite, or dev and train-sample perplexity are both above twice the vocabulary (worse
    /// than guessing).
    case diverged
    /// The dev loss rises above its best while the train sample's still falls (Prechelt's GL beyond a threshold).
    case overfitting
    /// The model has learned little beyond word frequencies (train-sample loss near the unigram loss), or its
    /// train-sample loss has stopped falling with dev close behind: it lacks capacity or training.
    case underfitting
    /// Train-sample and dev loss both still falling: a larger budget pays.
    case stillImproving = "still improving"
    /// Neither falling, nor overfitting: something is stuck (learning rate, data).
    case stalled
    /// Fewer than two validations with a train sample: no trend to read yet.
    case tooEarly = "too early"
}

/// One thing to try, with the config keys (or command) that do it.
public struct Remedy: Codable, Sendable, Equatable {
    public var action: String
    public var keys: [String]
}
