import Foundation
import TernStore
import TernTensorBoard

/// TensorBoard event files of a run, in `tensorboard_dir` (nothing when it is empty): the same scalars as the training
/// log and `tern tensorboard` — `train/loss`, `train/lr`, `train/tokens_per_second`, `train/grad_norm` every
/// `log_every` steps, averaged over the interval exactly as ``TrainingLogObserver`` averages them, and `dev/loss`,
/// `dev/perplexity`, `dev/bleu`, `dev/chrf` at each validation — through ``TernTensorBoard/TrainingLogScalars``.
///
/// Each process of a run writes its own file (a resume adds one). Records are flushed at each validation, so a
/// running `tensorboard --logdir DIR` shows progress without a write per step. A failure to write is a warning and
/// ends the TensorBoard output, never the run.
public final class TensorBoardObserver: TrainingObserver {
    let warn: (String) -> Void
    var interval = IntervalAverages()
    /// The open event file, for observers that add their own scalars and histograms (per-layer statistics); nil when
    /// `tensorboard_dir` is empty or after a failure.
    public private(set) var writer: EventFileWriter?

    /// - Parameter warn: one line, e.g. to stderr.
    public init(warn: @escaping (String) -> Void) { self.warn = warn }

    public func runStarted(_ run: TrainingRun) {
        interval = IntervalAverages(startSeconds: run.state.elapsedSeconds)
        let directory = run.settings.tensorboardDir
        guard !directory.isEmpty else { return }
        attempt { writer = try EventFileWriter(directory: directory) }
    }

    public func stepFinished(_ step: StepReport, run: TrainingRun) {
        interval.add(step)
        guard writer != nil, step.step % run.settings.logEvery == 0 else { return }
        write(TrainingLogObserver.trainRow(step, figures: interval.close(), runID: run.state.runID))
    }

    public func validationFinished(_ validation: ValidationReport, run: TrainingRun) {
        write(TrainingLogObserver.row(of: validation, runID: run.state.runID))
        attempt { try writer?.flush() }
    }

    /// The per-layer statistics the checkpoint stores (the statistics observer runs first and fills the draft) go to
    /// TensorBoard too: the same rows, through ``TernTensorBoard/LayerStatisticsEvents``.
    public func checkpointWillSave(_ draft: CheckpointDraft, run: TrainingRun) {
        guard let writer, !draft.statistics.isEmpty || !draft.histograms.isEmpty else { return }
        let now = Date().timeIntervalSince1970
        attempt {
            try LayerStatisticsEvents.write(draft.statistics, draft.histograms, to: writer, wallTime: { _ in now })
            try writer.flush()
        }
    }

    public func runFinished(_ summary: TrainingSummary, run: TrainingRun) {
        attempt { try writer?.close() }
        writer = nil
    }

    /// The row's scalars, stamped with the time they are written.
    func write(_ entry: TrainingLogEntry) {
        guard let writer else { return }
        let now = Date().timeIntervalSince1970
        attempt {
            for scalar in TrainingLogScalars.scalars(of: entry) {
                try writer.scalar(tag: scalar.tag, value: Float(scalar.value), step: entry.step, wallTime: now)
            }
        }
    }

    /// Runs `body`; an error becomes one warning and closes the TensorBoard output for the rest of the run.
    func attempt(_ body: () throws -> Void) {
        do {
            try body()
        } catch {
            warn("warning: TensorBoard output stopped: \(error)")
            try? writer?.close()
            writer = nil
        }
    }
}
