import TernStore

/// Something that watches a training run: the progress line, the training log, the attention plots at each
/// validation — and next per-layer statistics, a fit diagnosis or a tuner's pruning — are observers, not branches in
/// the loop (the shape of Keras callbacks and fastai's `Learner` callbacks).
///
/// The run calls every observer, in the order they were given, at each event. Every method has an empty default, so
/// an observer implements only the events it needs. Observers read the run (its settings, model, data, state)
/// through the `run` argument, may ask it to stop with ``TrainingRun/requestStop(_:)``, and may add training-log
/// rows to a checkpoint in ``checkpointWillSave(_:run:)``, which are then written in the checkpoint's own
/// transaction. They must not change the model or the optimizer: exact resume depends on it.
public protocol TrainingObserver: AnyObject {
    /// Once, before the first step of this process (also when resuming).
    func runStarted(_ run: TrainingRun)
    /// Before an update's first forward pass; `step` is the number the update will have.
    func stepWillStart(_ step: Int, run: TrainingRun)
    /// After the update's backward passes, before clipping and the optimizer: the gradients are in
    /// `run.model.namedParameters()`, the weights are still the old ones.
    func gradientsReady(_ step: Int, run: TrainingRun)
    /// After each optimizer update.
    func stepFinished(_ step: StepReport, run: TrainingRun)
    /// After each validation, with its metrics.
    func validationFinished(_ validation: ValidationReport, run: TrainingRun)
    /// Just before a checkpoint is written; rows added to `draft` are stored in the same transaction.
    func checkpointWillSave(_ draft: CheckpointDraft, run: TrainingRun)
    /// After a checkpoint is safely in the model file.
    func checkpointSaved(step: Int, run: TrainingRun)
    /// Once, when the run ends for any reason (after its last checkpoint).
    func runFinished(_ summary: TrainingSummary, run: TrainingRun)
}

extension TrainingObserver {
    public func runStarted(_ run: TrainingRun) {}
    public func stepWillStart(_ step: Int, run: TrainingRun) {}
    public func gradientsReady(_ step: Int, run: TrainingRun) {}
    public func stepFinished(_ step: StepReport, run: TrainingRun) {}
    public func validationFinished(_ validation: ValidationReport, run: TrainingRun) {}
    public func checkpointWillSave(_ draft: CheckpointDraft, run: TrainingRun) {}
    public func checkpointSaved(step: Int, run: TrainingRun) {}
    public func runFinished(_ summary: TrainingSummary, run: TrainingRun) {}
}

/// One optimizer update.
public struct StepReport: Sendable {
    /// The update's number, from 1 over the whole run (resumes included).
    public var step: Int
    public var epoch: Int
    /// Mean cross-entropy per target token over the update's batches (with label smoothing, as optimised).
    public var loss: Double
    /// The rate this update used.
    public var learningRate: Float
    /// The global L2 norm of the gradients before clipping.
    public var gradientNorm: Float
    /// Target tokens (with `</s>`) the update learned from.
    public var targetTokens: Int
    /// Seconds of training so far, earlier runs of the same training included.
    public var elapsedSeconds: Double
}

/// One validation and what the run made of it.
public struct ValidationReport {
    public var step: Int
    public var epoch: Int
    public var result: ValidationResult
    /// The rate of the update just taken.
    public var learningRate: Float
    /// Whether the early-stopping metric beat every earlier validation.
    public var improved: Bool
    public var elapsedSeconds: Double
    /// The same figures on a fixed sample of the training pairs (`train_sample`), in the same evaluation mode.
    public var trainSample: ValidationResult?
    /// Prechelt's generalisation loss GL: how far the dev loss is above its best so far, in per cent.
    public var generalizationLoss: Double
    /// Prechelt's training progress P_5 over the last five strips of `log_every` steps, in per mille; nil before five.
    public var trainingProgress: Double?
    /// The training targets' unigram loss, the level of a model that learned only word frequencies.
    public var unigramLoss: Double
}

/// A checkpoint about to be written: observers add training-log rows, per-layer statistics and histograms, which go
/// into the same transaction.
public final class CheckpointDraft {
    public let step: Int
    public private(set) var logEntries: [TrainingLogEntry] = []
    public private(set) var statistics: [LayerStatistics] = []
    public private(set) var histograms: [StoredHistogram] = []

    init(step: Int) { self.step = step }

    public func append(_ entries: [TrainingLogEntry]) { logEntries += entries }
    public func append(_ rows: [LayerStatistics]) { statistics += rows }
    public func append(_ rows: [StoredHistogram]) { histograms += rows }
}

/// Why a run ended.
public enum StopReason: Equatable, Sendable, CustomStringConvertible {
    /// `max_steps` or `max_minutes` reached.
    case budget
    /// `max_epochs` passed through the data.
    case epochs
    /// The early-stopping metric did not improve for `patience` validations.
    case earlyStopping(metric: String, patience: Int)
    /// SIGINT or SIGTERM; a checkpoint was saved first.
    case interrupted
    /// The training loss was not finite at this step: the weights are lost, so no checkpoint was saved; the last
    /// checkpoint is the one to resume from (with a lower learning rate).
    case diverged(step: Int)
    /// An observer asked the run to stop, for this reason.
    case requested(String)

    public var description: String {
        switch self {
        case .budget: return "budget"
        case .epochs: return "epochs"
        case let .earlyStopping(metric, patience): return "early stopping (\(metric) did not improve for \(patience) validations)"
        case .interrupted: return "interrupt"
        case let .diverged(step): return "divergence (the training loss was not finite at step \(step); no checkpoint of it was saved)"
        case let .requested(reason): return reason
        }
    }
}

public struct TrainingSummary {
    public var steps: Int
    public var epochs: Int
    public var lastValidation: ValidationResult?
    public var stoppedBy: StopReason
}
