import TernNN
import TernStore
import TernTensor

/// The work of one statistics step, in the order a training step gives the chance: ``begin(model:)`` before the
/// first forward pass attaches an ``ActivationRecorder``; ``gradientsReady(model:step:runID:)`` after the backward
/// passes detaches it and summarises the activations and the gradients (before clipping), keeping a reference to the
/// weights; ``finish(model:step:runID:)`` after the optimizer summarises the new weights and their update ratio. The
/// rows wait in ``statistics`` and ``histograms`` until taken. Used by ``LayerStatisticsObserver`` and by
/// `tern bench train --stats`.
public final class LayerStatisticsCollector {
    /// Buckets per histogram.
    public let buckets: Int
    public private(set) var statistics: [LayerStatistics] = []
    public private(set) var histograms: [StoredHistogram] = []
    var recorder: ActivationRecorder?
    /// The weights before the update (shared storage: the optimizer's write copies them, this collector copies nothing).
    var weightsBefore: [String: Tensor] = [:]

    public init(buckets: Int = 30) { self.buckets = buckets }

    /// Whether a statistics step is under way.
    public var isCollecting: Bool { recorder != nil }

    public func begin(model: Module) {
        let recorder = ActivationRecorder(model: model)
        self.recorder = recorder
        model.attach(recorder)
    }

    public func gradientsReady(model: Module, step: Int, runID: String) {
        guard let recorder else { return }
        model.attach(nil)
        let (activations, activationHistograms) = recorder.rows(runID: runID, step: step, buckets: buckets)
        statistics += activations
        histograms += activationHistograms
        for (name, parameter) in model.namedParameters() {
            weightsBefore[name] = parameter.value
            guard let gradient = parameter.grad else { continue }
            append(gradient, name: name, kind: .gradient, step: step, runID: runID)
        }
    }

    public func finish(model: Module, step: Int, runID: String) {
        guard recorder != nil else { return }
        recorder = nil
        for (name, parameter) in model.namedParameters() {
            var extra: [String: Double] = [:]
            if let before = weightsBefore[name] {
                let change = TensorSummary.distance(parameter.value, before)
                let norm = before.withUnsafeBufferPointer { TensorSummary($0).l2Norm }
                extra["update_ratio"] = norm > 0 ? change / norm : 0
            }
            append(parameter.value, name: name, kind: .weight, step: step, runID: runID, extra: extra)
        }
        weightsBefore = [:]
    }

    /// Detaches the recorder and drops a step in progress (the run ended inside it).
    public func cancel(model: Module) {
        model.attach(nil)
        recorder = nil
        weightsBefore = [:]
    }

    /// The rows gathered so far; the collector starts empty again.
    public func take() -> (statistics: [LayerStatistics], histograms: [StoredHistogram]) {
        defer { (statistics, histograms) = ([], []) }
        return (statistics, histograms)
    }

    func append(_ tensor: Tensor, name: String, kind: LayerStatisticsKind, step: Int, runID: String,
                extra: [String: Double] = [:]) {
        tensor.withUnsafeBufferPointer { values in
            let s = TensorSummary(values)
            statistics.append(LayerStatistics(
                runID: runID, step: step, name: name, kind: kind, count: s.count, mean: s.mean,
                standardDeviation: s.standardDeviation, minimum: Double(s.minimum), maximum: Double(s.maximum),
                l2Norm: s.l2Norm, zeroFraction: s.zeroFraction, extra: extra))
            histograms.append(StoredHistogram(runID: runID, step: step, name: name, kind: kind,
                                              histogram: Histogram(values: values, binCount: buckets)))
        }
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
