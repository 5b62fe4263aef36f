import TernStore

/// Per-layer statistics as TensorBoard tags, the same for the live observer and for `tern tensorboard`: scalars
/// `layers/<kind>/<name>/<figure>` (weights: std and update ratio; gradients: L2 norm; activations: mean, std, share
/// of zeros, and dead units or gate saturation where measured) and histograms `histograms/<kind>/<name>`.
public enum LayerStatisticsEvents {
    public static func scalars(of row: LayerStatistics) -> [(tag: String, value: Double)] {
        let prefix = "layers/\(row.kind.rawValue)/\(row.name)/"
        var figures: [(String, Double?)]
        switch row.kind {
        case .weight: figures = [("std", row.standardDeviation), ("update_ratio", row.extra["update_ratio"])]
        case .gradient: figures = [("l2_norm", row.l2Norm)]
        case .activation:
            figures = [("mean", row.mean), ("std", row.standardDeviation), ("zero_fraction", row.zeroFraction),
                       ("dead_fraction", row.extra["dead_fraction"]), ("saturated_fraction", row.extra["saturated_fraction"])]
        }
        return figures.compactMap { name, value in value.flatMap { $0.isFinite ? (prefix + name, $0) : nil } }
    }

    public static func tag(of histogram: StoredHistogram) -> String { "histograms/\(histogram.kind.rawValue)/\(histogram.name)" }

    /// Writes the rows' scalars and the histograms at their steps; returns how many scalars and histograms went in.
    @discardableResult
    public static func write(_ rows: [LayerStatistics], _ histograms: [StoredHistogram], to writer: EventFileWriter,
                             wallTime: (Int) -> Double) throws -> (scalars: Int, histograms: Int) {
        var scalars = 0
        for row in rows {
            for scalar in self.scalars(of: row) {
                try writer.scalar(tag: scalar.tag, value: Float(scalar.value), step: row.step, wallTime: wallTime(row.step))
                scalars += 1
            }
        }
        for stored in histograms where stored.histogram.count > 0 {
            try writer.histogram(tag: tag(of: stored), histogram: stored.histogram, step: stored.step,
                                 wallTime: wallTime(stored.step))
        }
        return (scalars, histograms.filter { $0.histogram.count > 0 }.count)
    }
}
