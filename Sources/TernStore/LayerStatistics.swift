import CSQLite
import Foundation

/// What a row of layer statistics describes.
public enum LayerStatisticsKind: String, Sendable, CaseIterable, Codable {
    /// A parameter tensor's values (and, in `extra`, `update_ratio` = ‖Δw‖/‖w‖ of the step).
    case weight
    /// A parameter tensor's gradient before clipping.
    case gradient
    /// A layer's output in a training forward pass (`extra` may hold `dead_fraction`, `dead_units`, `units`,
    /// `saturated_fraction`).
    case activation
}

/// Summary statistics of one tensor (a parameter, its gradient, or a layer's output) at one step: the per-layer
/// figures that show dead units, vanishing or exploding gradients and drifting activations.
///
/// A diverged run's figures are kept: infinities as they are, NaN as NULL (SQLite's own rule), read back as NaN; in
/// `extra` (JSON) every non-finite figure is `null` and reads back as NaN.
public struct LayerStatistics: Sendable, Equatable {
    public var runID: String
    public var step: Int
    /// The parameter's dotted name (`decoder.layers.0.feed_forward.linear1.weight`) or the module's, with a suffix
    /// for what was captured (`encoder.layers.0.feed_forward:hidden`).
    public var name: String
    public var kind: LayerStatisticsKind
    public var count: Int
    public var mean: Double
    public var standardDeviation: Double
    public var minimum: Double
    public var maximum: Double
    /// The L2 norm (weights and gradients).
    public var l2Norm: Double?
    /// The share of exact zeros.
    public var zeroFraction: Double
    /// Further figures by name (see ``LayerStatisticsKind``).
    public var extra: [String: Double]

    public init(runID: String, step: Int, name: String, kind: LayerStatisticsKind, count: Int, mean: Double,
                standardDeviation: Double, minimum: Double, maximum: Double, l2Norm: Double? = nil,
                zeroFraction: Double, extra: [String: Double] = [:]) {
        (self.runID, self.step, self.name, self.kind, self.count) = (runID, step, name, kind, count)
        (self.mean, self.standardDeviation, self.minimum, self.maximum) = (mean, standardDeviation, minimum, maximum)
        (self.l2Norm, self.zeroFraction, self.extra) = (l2Norm, zeroFraction, extra)
    }

    /// Equal, counting NaN as equal to NaN (a round trip of a diverged run's figures).
    public static func == (a: LayerStatistics, b: LayerStatistics) -> Bool {
        func same(_ x: Double?, _ y: Double?) -> Bool { x == y || (x?.isNaN == true && y?.isNaN == true) }
        return a.runID == b.runID && a.step == b.step && a.name == b.name && a.kind == b.kind && a.count == b.count
            && same(a.mean, b.mean) && same(a.standardDeviation, b.standardDeviation) && same(a.minimum, b.minimum)
            && same(a.maximum, b.maximum) && same(a.l2Norm, b.l2Norm) && same(a.zeroFraction, b.zeroFraction)
            && a.extra.count == b.extra.count && a.extra.allSatisfy { same($0.value, b.extra[$0.key]) }
    }
}

/// The `layer_statistics` table (format version 2).
enum LayerStatisticsRecord {
    /// A stored number: NULL for NaN, which SQLite cannot keep.
    static func stored(_ value: Double?) -> Double? { value.flatMap { $0.isNaN ? nil : $0 } }

    static func text(_ value: Double?) -> String { value.map { "\($0)" } ?? "" }

    static func checksum(_ s: LayerStatistics, extra: String) -> UInt64 {
        let numbers = [s.mean, s.standardDeviation, s.minimum, s.maximum, s.zeroFraction].map { text(stored($0)) }
        return Checksum.xxh64(([s.runID, "\(s.step)", s.name, s.kind.rawValue, "\(s.count)"] + numbers
            + [text(stored(s.l2Norm)), extra]).joined(separator: "\n"))
    }

    static func encodeExtra(_ extra: [String: Double]) throws -> String {
        // Non-finite figures become null in the JSON, and NaN when read back.
        let object = extra.mapValues { $0.isFinite ? $0 as Any : NSNull() }
        return String(decoding: try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]), as: UTF8.self)
    }

    static func decodeExtra(_ text: String, path: String) throws -> [String: Double] {
        guard let object = try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any] else {
            throw StoreError.corrupted(path: path, detail: "layer statistics extra is not a JSON object")
        }
        return object.mapValues { ($0 as? NSNumber)?.doubleValue ?? .nan }
    }

    static func append(_ rows: [LayerStatistics], to database: Database) throws {
        guard !rows.isEmpty else { return }
        let statement = try database.prepare("""
            INSERT INTO layer_statistics (run_id, step, name, kind, count, mean, std, min, max, l2_norm, zero_fraction,
                                          extra, checksum)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        for row in rows {
            let extra = try encodeExtra(row.extra)
            try statement.bind(row.runID, at: 1)
            try statement.bind(row.step, at: 2)
            try statement.bind(row.name, at: 3)
            try statement.bind(row.kind.rawValue, at: 4)
            try statement.bind(row.count, at: 5)
            for (offset, value) in [row.mean, row.standardDeviation, row.minimum, row.maximum].enumerated() {
                try statement.bind(stored(value), at: Int32(6 + offset))
            }
            try statement.bind(stored(row.l2Norm), at: 10)
            try statement.bind(stored(row.zeroFraction), at: 11)
            try statement.bind(extra, at: 12)
            try statement.bind(Checksum.stored(checksum(row, extra: extra)), at: 13)
            try statement.step()
            statement.reset()
        }
    }

    /// The rows in the order they were written, optionally of one kind; none in a version-1 file.
    static func read(kind: LayerStatisticsKind?, from database: Database) throws -> [LayerStatistics] {
        guard try Schema.hasTable("layer_statistics", in: database) else { return [] }
        let statement = try database.prepare("""
            SELECT run_id, step, name, kind, count, mean, std, min, max, l2_norm, zero_fraction, extra, checksum
            FROM layer_statistics WHERE (?1 IS NULL OR kind = ?1) ORDER BY id
            """)
        if let kind { try statement.bind(kind.rawValue, at: 1) }
        var rows: [LayerStatistics] = []
        let path = database.path
        while try statement.step() {
            guard let kind = LayerStatisticsKind(rawValue: statement.string(3)) else {
                throw StoreError.corrupted(path: path, detail: "layer statistics row of kind '\(statement.string(3))'")
            }
            func number(_ column: Int32) -> Double { statement.optionalDouble(column) ?? .nan }
            let row = LayerStatistics(
                runID: statement.string(0), step: statement.int(1), name: statement.string(2), kind: kind,
                count: statement.int(4), mean: number(5), standardDeviation: number(6), minimum: number(7),
                maximum: number(8), l2Norm: statement.isNull(9) ? nil : statement.double(9), zeroFraction: number(10),
                extra: try decodeExtra(statement.string(11), path: path))
            guard Checksum.stored(checksum(row, extra: statement.string(11))) == statement.int64(12) else {
                throw StoreError.corrupted(path: path, detail: "layer statistics row '\(row.name)' at step \(row.step) fails its checksum")
            }
            rows.append(row)
        }
        return rows
    }
}
