/// A figure a validation measures on the dev set, and the one place that knows which way is better and under which
/// key a checkpoint stores it. Early stopping, reduce-on-plateau, checkpoint retention and `--checkpoint best` all
/// rank by it.
public enum ValidationMetric: String, CaseIterable, Codable, Sendable {
    /// Corpus BLEU of greedy translations.
    case bleu
    /// chrF of greedy translations.
    case chrf
    /// Per-token cross-entropy under teacher forcing, without label smoothing.
    case loss
    /// exp(loss).
    case perplexity

    public var higherIsBetter: Bool {
        switch self {
        case .bleu, .chrf: return true
        case .loss, .perplexity: return false
        }
    }

    /// The key in a checkpoint's metrics and in the training log's validation rows. Loss is `valid_loss`, so that it
    /// is never read as a training loss.
    public var storedKey: String { self == .loss ? "valid_loss" : rawValue }

    /// Whether `value` beats `best` (strictly; the first value always does).
    public func improves(_ value: Double, on best: Double?) -> Bool {
        guard let best else { return true }
        return higherIsBetter ? value > best : value < best
    }

    /// "bleu, chrf, loss or perplexity", for messages that say what is accepted.
    public static var accepted: String {
        let names = allCases.map(\.rawValue)
        return names.dropLast().joined(separator: ", ") + " or " + names.last!
    }
}
