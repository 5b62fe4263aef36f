import TernStore

/// The TensorBoard scalars of one training-log row, and so the one place that names them: `tern tensorboard` (from
/// the model file) and the training run's TensorBoard observer (live) both go through it, so the two write the same
/// tags with the same values.
///
/// A `train` row gives `train/loss`, `train/lr`, `train/tokens_per_second` and `train/<key>` for each extra figure
/// (`train/grad_norm`); a `valid` row gives `dev/loss` and `dev/<key>` for each extra (`dev/perplexity`, `dev/bleu`,
/// `dev/chrf`). A valid row's learning rate is the train rows' again and is left out. Absent figures are left out.
public enum TrainingLogScalars {
    /// The group a row's tags start with.
    public static func prefix(of kind: TrainingLogKind) -> String {
        switch kind {
        case .train: return "train"
        case .valid: return "dev"
        }
    }

    /// The row's scalars, as (tag, value): the fixed figures first, then the extras by key.
    public static func scalars(of entry: TrainingLogEntry) -> [(tag: String, value: Double)] {
        let group = prefix(of: entry.kind)
        var fixed: [(String, Double?)] = [("loss", entry.loss)]
        if entry.kind == .train {
            fixed += [("lr", entry.learningRate), ("tokens_per_second", entry.tokensPerSecond)]
        }
        let extras = entry.extra.keys.sorted().map { ($0, entry.extra[$0]) }
        return (fixed + extras).compactMap { name, value in value.map { (tag: "\(group)/\(name)", value: $0) } }
    }
}
