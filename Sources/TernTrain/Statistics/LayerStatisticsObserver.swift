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
    /// Buckets per histogram.
    public let buckets: Int
    var recorder: ActivationRecorder?
    /// The weights before the update (shared storage: the optimizer's write copies them, this observer copies nothing).
    var weightsBefore: [String: Tensor] = [:]
    var pendingStatistics: [LayerStatistics] = []
    var pendingHistograms: [StoredHistogram] = []

    public init(buckets: Int = 30) { self.buckets = buckets }

    public func stepWillStart(_ step: Int, run: TrainingRun) {
        guard run.settings.takesStatistics(at: step) else { return }
        let recorder = ActivationRecorder(model: run.model)
        self.recorder = recorder
        run.model.attach(recorder)
    }

    public func gradientsReady(_ step: Int, run: TrainingRun) {
        guard let recorder else { return }
        run.model.attach(nil)
        let (activations, activationHistograms) = recorder.rows(runID: run.state.runID, step: step, buckets: buckets)
        pendingStatistics += activations
        pendingHistograms += activationHistograms
        for (name, parameter) in run.model.namedParameters() {
            weightsBefore[name] = parameter.value
            guard let gradient = parameter.grad else { continue }
            append(gradient, name: name, kind: .gradient, step: step, run: run)
        }
    }

    public func stepFinished(_ step: StepReport, run: TrainingRun) {
        guard recorder != nil else { return }
        recorder = nil
        for (name, parameter) in run.model.namedParameters() {
            var extra: [String: Double] = [:]
            if let before = weightsBefore[name] {
                let change = TensorSummary.distance(parameter.value, before)
                let norm = before.withUnsafeBufferPointer { TensorSummary($0).l2Norm }
                extra["update_ratio"] = norm > 0 ? change / norm : 0
            }
            append(parameter.value, name: name, kind: .weight, step: step.step, run: run, extra: extra)
        }
        weightsBefore = [:]
    }

    func append(_ tensor: Tensor, name: String, kind: LayerStatisticsKind, step: Int, run: TrainingRun,
                extra: [String: Double] = [:]) {
        tensor.withUnsafeBufferPointer { values in
            let s = TensorSummary(values)
            pendingStatistics.append(LayerStatistics(
                runID: run.state.runID, step: step, name: name, kind: kind, count: s.count, mean: s.mean,
                standardDeviation: s.standardDeviation, minimum: Double(s.minimum), maximum: Double(s.maximum),
                l2Norm: s.l2Norm, zeroFraction: s.zeroFraction, extra: extra))
            pendingHistograms.append(StoredHistogram(runID: run.state.runID, step: step, name: name, kind: kind,
                                                     histogram: Histogram(values: values, binCount: buckets)))
        }
    }

    public func checkpointWillSave(_ draft: CheckpointDraft, run: TrainingRun) {
        draft.append(pendingStatistics)
        draft.append(pendingHistograms)
        pendingStatistics = []
        pendingHistograms = []
    }

    public func runFinished(_ summary: TrainingSummary, run: TrainingRun) {
        run.model.attach(nil)
        recorder = nil
    }
}

extension TensorSummary {
    /// ‖a − b‖ (the tensors have the same shape), in Double.
    static func distance(_ a: Tensor, _ b: Tensor) -> Double {
        a.withUnsafeBufferPointer { a in
            b.withUnsafeBufferPointer { b in
                var total = 0.0
                for i in 0..<a.count {
                    let d = Double(a[i]) - Double(b[i])
                    total += d * d
                }
                return total.squareRoot()
            }
        }
    }
}
