import TernNN
import TernStore
import TernTensor

/// The ``ActivationProbe`` of per-layer statistics: gathers, per layer and role, the summary figures over every value
/// the layer produced in the training forward passes of one step, which units of a feed-forward hidden layer were
/// ever non-zero (dead units), how many gate values were saturated, and a strided sample of the values for the
/// histogram. Keeps no tensor. Calls from layers in evaluation mode (validation, decoding) are ignored.
final class ActivationRecorder: ActivationProbe {
    /// What is gathered for one layer and role.
    struct Layer {
        var summary = TensorSummary()
        /// Per unit of the last axis, whether it was ever non-zero (`.hidden` only).
        var alive: [Bool] = []
        var saturated = 0
        var sample: [Float] = []
    }

    /// A layer's values beyond this many are not sampled for its histogram (the figures still count them).
    static let sampleLimit = 65_536
    /// Values sampled from one call, evenly strided, so that each time step of an RNN has its share.
    static let samplePerCall = 2_048

    private let names: [ObjectIdentifier: String]
    private(set) var layers: [String: Layer] = [:]
    /// Keys in the order first seen (the model's order), for stable output.
    private(set) var order: [String] = []

    init(model: Module) {
        names = Dictionary(model.namedModules().map { (ObjectIdentifier($0.1), $0.0) }, uniquingKeysWith: { first, _ in first })
    }

    static func key(module: String, role: ActivationRole) -> String { "\(module):\(role.rawValue)" }

    func record(_ values: Tensor, _ role: ActivationRole, of module: Module) {
        guard module.training, let name = names[ObjectIdentifier(module)] else { return }
        let key = Self.key(module: name, role: role)
        if layers[key] == nil { order.append(key) }
        var layer = layers[key] ?? Layer()
        values.withUnsafeBufferPointer { buffer in
            layer.summary.add(buffer)
            switch role {
            case .hidden: Self.markAlive(buffer, units: values.shape.last ?? 1, in: &layer.alive)
            case .sigmoidGates: layer.saturated += buffer.reduce(0) { $0 + ($1 < 0.01 || $1 > 0.99 ? 1 : 0) }
            case .tanhGates: layer.saturated += buffer.reduce(0) { $0 + (abs($1) > 0.99 ? 1 : 0) }
            case .output, .attention: break
            }
            Self.sample(buffer, into: &layer.sample)
        }
        layers[key] = layer
    }

    static func markAlive(_ buffer: UnsafeBufferPointer<Float>, units: Int, in alive: inout [Bool]) {
        if alive.count != units { alive = [Bool](repeating: false, count: units) }
        for start in stride(from: 0, to: buffer.count, by: units) {
            for unit in 0..<units where buffer[start + unit] != 0 { alive[unit] = true }
        }
    }

    static func sample(_ buffer: UnsafeBufferPointer<Float>, into sample: inout [Float]) {
        let room = min(samplePerCall, sampleLimit - sample.count)
        guard room > 0, buffer.count > 0 else { return }
        let stride = max(1, buffer.count / room)
        var index = 0
        while index < buffer.count && sample.count < sampleLimit {
            sample.append(buffer[index])
            index += stride
        }
    }

    /// The gathered figures as rows and histograms of `step`.
    func rows(runID: String, step: Int, buckets: Int) -> ([LayerStatistics], [StoredHistogram]) {
        var statistics: [LayerStatistics] = [], histograms: [StoredHistogram] = []
        for key in order {
            let layer = layers[key]!, s = layer.summary
            var extra: [String: Double] = [:]
            if !layer.alive.isEmpty {
                let dead = layer.alive.filter { !$0 }.count
                extra["dead_units"] = Double(dead)
                extra["units"] = Double(layer.alive.count)
                extra["dead_fraction"] = Double(dead) / Double(layer.alive.count)
            }
            if key.hasSuffix(ActivationRole.sigmoidGates.rawValue) || key.hasSuffix(ActivationRole.tanhGates.rawValue) {
                extra["saturated_fraction"] = Double(layer.saturated) / Double(max(s.count, 1))
            }
            statistics.append(LayerStatistics(runID: runID, step: step, name: key, kind: .activation, count: s.count,
                                              mean: s.mean, standardDeviation: s.standardDeviation,
                                              minimum: Double(s.minimum), maximum: Double(s.maximum),
                                              zeroFraction: s.zeroFraction, extra: extra))
            layer.sample.withUnsafeBufferPointer {
                histograms.append(StoredHistogram(runID: runID, step: step, name: key, kind: .activation,
                                                  histogram: Histogram(values: $0, binCount: buckets)))
            }
        }
        return (statistics, histograms)
    }
}
