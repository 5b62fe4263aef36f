import TernNN
import TernStore
import TernTensor

/// Per-layer statistics every `stats_every` steps (by default at each validation): for every parameter tensor its
/// values (mean, std, min, max, L2 norm, and the update-to-weight ratio ‖Δw‖/‖w‖ of the step) and its gradient before
/// clipping (the same figures and the share of zeros); for every layer's output in that step's training forward
/// passes — embeddings, encoder and decoder layers, feed-forward hidden units, attention probabilities, recurrent
/// states and gates — mean, std, share of zeros, dead units and saturated gates; and a histogram of each. The rows
/// go into the next checkpoint's transaction.
///
/// The activations are seen as the forward pass produces them (an ``ActivationProbe`` attached for that step only);
/// between statistics steps nothing is attached and nothing computed.
public final class LayerStatisticsObserver: TrainingObserver {
    public let collector: LayerStatisticsCollector

    public init(buckets: Int = 30) { collector = LayerStatisticsCollector(buckets: buckets) }

    public func stepWillStart(_ step: Int, run: TrainingRun) {
        if run.settings.takesStatistics(at: step) { collector.begin(model: run.model) }
    }

    public func gradientsReady(_ step: Int, run: TrainingRun) {
        collector.gradientsReady(model: run.model, step: step, runID: run.state.runID)
    }

    public func stepFinished(_ step: StepReport, run: TrainingRun) {
        collector.finish(model: run.model, step: step.step, runID: run.state.runID)
    }

    public func checkpointWillSave(_ draft: CheckpointDraft, run: TrainingRun) {
        let rows = collector.take()
        draft.append(rows.statistics)
        draft.append(rows.histograms)
    }

    public func runFinished(_ summary: TrainingSummary, run: TrainingRun) { collector.cancel(model: run.model) }
}
