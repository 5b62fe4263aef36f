import TernStore

/// The training log in the model file: a `train` row every `log_every` steps (mean loss per token, learning rate,
/// tokens/s, wall time, and the mean gradient norm before clipping as `grad_norm`) and a `valid` row per validation
/// (loss, perplexity, BLEU, chrF). Rows wait for the next checkpoint and are written in its transaction, so the log
/// never runs ahead of the weights: a resumed run that repeats steps does not log them twice.
public final class TrainingLogObserver: TrainingObserver {
    var interval = IntervalAverages()
    var pending: [TrainingLogEntry] = []

    public init() {}

    public func runStarted(_ run: TrainingRun) { interval = IntervalAverages(startSeconds: run.state.elapsedSeconds) }

    public func stepFinished(_ step: StepReport, run: TrainingRun) {
        interval.add(step)
        // A diverged step is logged at once: the run stops after it.
        guard step.step % run.settings.logEvery == 0 || !step.loss.isFinite else { return }
        let figures = interval.close()
        pending.append(Self.trainRow(step, figures: figures, runID: run.state.runID))
    }

    /// A train row; a loss that is not finite is stored as NULL with `diverged: 1` (SQLite keeps no NaN).
    static func trainRow(_ step: StepReport, figures: IntervalAverages.Figures, runID: String) -> TrainingLogEntry {
        var extra = ["grad_norm": figures.gradientNorm]
        if !figures.loss.isFinite { extra["diverged"] = 1 }
        return TrainingLogEntry(runID: runID, step: step.step, epoch: step.epoch, kind: .train,
                                loss: figures.loss.isFinite ? figures.loss : nil, learningRate: Double(step.learningRate),
                                tokensPerSecond: figures.tokensPerSecond, wallSeconds: step.elapsedSeconds,
                                extra: extra.filter { $0.value.isFinite })
    }

    public func validationFinished(_ validation: ValidationReport, run: TrainingRun) {
        pending.append(Self.row(of: validation, runID: run.state.runID))
    }

    /// A validation's log row: dev loss, perplexity, BLEU, chrF, and — what `tern diagnose` reads — the train sample's
    /// figures (`train_sample_*`), GL (`generalization_loss`), P_5 (`training_progress`) and `unigram_loss`.
    static func row(of validation: ValidationReport, runID: String) -> TrainingLogEntry {
        let result = validation.result
        var extra = ["perplexity": result.perplexity, "bleu": result.bleu, "chrf": result.chrF,
                     "generalization_loss": validation.generalizationLoss, "unigram_loss": validation.unigramLoss]
        if let progress = validation.trainingProgress { extra["training_progress"] = progress }
        if let sample = validation.trainSample {
            extra["train_sample_loss"] = sample.loss
            extra["train_sample_perplexity"] = sample.perplexity
            extra["train_sample_bleu"] = sample.bleu
            extra["train_sample_chrf"] = sample.chrF
        }
        return TrainingLogEntry(runID: runID, step: validation.step, epoch: validation.epoch, kind: .valid,
                                loss: result.loss, learningRate: Double(validation.learningRate),
                                wallSeconds: validation.elapsedSeconds, extra: extra.filter { $0.value.isFinite })
    }

    public func checkpointWillSave(_ draft: CheckpointDraft, run: TrainingRun) {
        draft.append(pending)
        pending = []
    }
}
