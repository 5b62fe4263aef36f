import Foundation
import TernStore

/// `tern tensorboard`: a model file's training log as a TensorBoard event file, after the fact or while a run is
/// writing the model.
public enum TrainingLogExport {
    /// What an export wrote.
    public struct Summary: Equatable, Sendable {
        /// The new event file.
        public var path: String
        /// Log rows read, and scalars written (from them and from the per-layer statistics).
        public var rows: Int
        public var scalars: Int
        /// Histograms written.
        public var histograms: Int = 0
    }

    /// Writes every row's scalars (``TrainingLogScalars``) at its step and wall time into a new event file in
    /// `directory`.
    /// - Throws: ``TensorBoardError`` when the file cannot be created or written.
    ///
    /// Per-layer statistics and histograms, when given, go in too (``LayerStatisticsEvents``), stamped with the wall
    /// time of the log row at their step (or the nearest earlier one).
    public static func write(_ entries: [TrainingLogEntry], statistics: [LayerStatistics] = [],
                             histograms: [StoredHistogram] = [], toDirectory directory: String) throws -> Summary {
        let writer = try EventFileWriter(directory: directory)
        var scalars = 0
        let times = wallTimes(of: entries)
        for (entry, wallTime) in zip(entries, times) {
            for scalar in TrainingLogScalars.scalars(of: entry) {
                try writer.scalar(tag: scalar.tag, value: Float(scalar.value), step: entry.step, wallTime: wallTime)
                scalars += 1
            }
        }
        let byStep = zip(entries.map(\.step), times).sorted { $0.0 < $1.0 }
        let layers = try LayerStatisticsEvents.write(statistics, histograms, to: writer) { step in
            byStep.last { $0.0 <= step }?.1 ?? byStep.first?.1 ?? 0
        }
        try writer.close()
        return Summary(path: writer.path, rows: entries.count, scalars: scalars + layers.scalars, histograms: layers.histograms)
    }

    /// Each row's wall time in Unix seconds.
    ///
    /// A row knows when it was stored (`loggedAt`, shared by all the rows one checkpoint wrote) and its seconds into
    /// training (`wallSeconds`, which skips the time between a stop and a resume). Neither alone is the time the row
    /// happened, so each row is placed before its checkpoint's `loggedAt` by how much earlier than the checkpoint's
    /// latest row it came: real dates, the gaps between resumed runs kept, the spacing within a run exact. A row
    /// without `wallSeconds` gets its `loggedAt`; one without either (never from a Tern run) gets 0.
    public static func wallTimes(of entries: [TrainingLogEntry]) -> [Double] {
        var latestSeconds: [Date: Double] = [:]
        for entry in entries {
            guard let loggedAt = entry.loggedAt, let seconds = entry.wallSeconds else { continue }
            latestSeconds[loggedAt] = max(latestSeconds[loggedAt] ?? seconds, seconds)
        }
        return entries.map { entry in
            guard let loggedAt = entry.loggedAt else { return entry.wallSeconds ?? 0 }
            guard let seconds = entry.wallSeconds, let latest = latestSeconds[loggedAt] else { return loggedAt.timeIntervalSince1970 }
            return loggedAt.timeIntervalSince1970 - (latest - seconds)
        }
    }
}
