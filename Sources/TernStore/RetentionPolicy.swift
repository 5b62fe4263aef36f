/// Which checkpoints survive a save: the newest `keepLast` by step, plus the best `keepBest` by one metric.
///
/// Only the newest keep their optimizer state: a run resumes from its newest checkpoint, never from one kept for its
/// metric alone, so pruning strips those down to their weights (``CheckpointKind/best``). A checkpoint that is both
/// among the newest and among the best is one row, kept whole.
///
/// Pruning runs inside the save's transaction, so a crash never leaves the file with the new checkpoint missing and
/// old ones already deleted, nor the reverse. A checkpoint without the metric is never counted among the best; ties
/// on the metric go to the earlier step, which reached that value first.
public struct RetentionPolicy: Sendable, Equatable {
    /// How many of the newest checkpoints (by step, of either kind) to keep; at least 1, so a save never deletes the
    /// checkpoint it just wrote.
    public var keepLast: Int
    /// How many of the best checkpoints by `metric` to keep besides; 0 keeps none for being best.
    public var keepBest: Int
    /// The key in the checkpoints' metrics that ranks them, such as "bleu" or "valid_loss".
    public var metric: String?
    /// True for metrics like BLEU, false for metrics like loss or perplexity.
    public var higherIsBetter: Bool

    /// - Parameters:
    ///   - keepLast: the number of newest checkpoints to keep (at least 1).
    ///   - keepBest: the number of best checkpoints by `metric` to keep in addition.
    ///   - metric: the metrics key that ranks checkpoints; required when `keepBest > 0`.
    ///   - higherIsBetter: whether a larger metric value is better.
    public init(keepLast: Int, keepBest: Int = 0, metric: String? = nil, higherIsBetter: Bool = true) {
        self.keepLast = keepLast
        self.keepBest = keepBest
        self.metric = metric
        self.higherIsBetter = higherIsBetter
    }

    func validate() throws {
        guard keepLast >= 1 else { throw StoreError.invalidArgument("keepLast must be at least 1, got \(keepLast)") }
        guard keepBest >= 0 else { throw StoreError.invalidArgument("keepBest must not be negative, got \(keepBest)") }
        if keepBest > 0, (metric ?? "").isEmpty {
            throw StoreError.invalidArgument("keepBest needs the name of the metric that ranks checkpoints")
        }
    }

    /// A checkpoint as pruning sees it.
    struct Candidate {
        var id: Int64
        var step: Int
        var metrics: [String: Double]
    }

    /// The ids of the newest `keepLast` checkpoints: the ones a run can resume from, which keep their optimizer state.
    func newest(of candidates: [Candidate]) -> Set<Int64> {
        // Newest first; a later id breaks a tie on step, as a re-saved step replaces the earlier save.
        Set(candidates.sorted { ($0.step, $0.id) > ($1.step, $1.id) }.prefix(keepLast).map(\.id))
    }

    /// The ids of the checkpoints to keep: ``newest(of:)`` and the best `keepBest` by the metric.
    func survivors(of candidates: [Candidate]) -> Set<Int64> {
        var keep = newest(of: candidates)
        if keepBest > 0, let metric {
            keep.formUnion(Self.ranked(candidates, by: metric, higherIsBetter: higherIsBetter).prefix(keepBest).map(\.id))
        }
        return keep
    }

    /// The candidates that have `metric`, best first; ties go to the earlier step.
    static func ranked(_ candidates: [Candidate], by metric: String, higherIsBetter: Bool) -> [Candidate] {
        candidates.compactMap { candidate in candidate.metrics[metric].map { (candidate, $0) } }
            .sorted { left, right in
                if left.1 != right.1 { return higherIsBetter ? left.1 > right.1 : left.1 < right.1 }
                return (left.0.step, left.0.id) < (right.0.step, right.0.id)
            }
            .map(\.0)
    }
}
