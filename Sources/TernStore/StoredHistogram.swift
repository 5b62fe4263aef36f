import Foundation

/// A histogram of one tensor's values at one step, in equal-width buckets over the range it records: what TensorBoard's
/// histogram panel and `tern plot` draw. `bucketLimits[i]` is bucket i's right edge (the first bucket starts at
/// `minimum`), TensorBoard's `HistogramProto` layout.
public struct StoredHistogram: Sendable, Equatable {
    public var runID: String
    public var step: Int
    /// As in ``LayerStatistics/name``.
    public var name: String
    public var kind: LayerStatisticsKind
    public var minimum: Double
    public var maximum: Double
    /// How many values (the sum of the bucket counts).
    public var count: Double
    public var sum: Double
    public var sumOfSquares: Double
    public var bucketLimits: [Double]
    public var bucketCounts: [Double]

    public init(runID: String, step: Int, name: String, kind: LayerStatisticsKind, minimum: Double, maximum: Double,
                count: Double, sum: Double, sumOfSquares: Double, bucketLimits: [Double], bucketCounts: [Double]) {
        (self.runID, self.step, self.name, self.kind) = (runID, step, name, kind)
        (self.minimum, self.maximum, self.count, self.sum, self.sumOfSquares) = (minimum, maximum, count, sum, sumOfSquares)
        (self.bucketLimits, self.bucketCounts) = (bucketLimits, bucketCounts)
    }

    /// `buckets` equal-width buckets over the finite values' range (one bucket when all are equal); non-finite values
    /// are left out of every figure.
    public init(runID: String, step: Int, name: String, kind: LayerStatisticsKind, values: UnsafeBufferPointer<Float>,
                buckets: Int = 30) {
        precondition(buckets >= 1, "a histogram needs at least one bucket")
        var low = Float.infinity, high = -Float.infinity
        var sum = 0.0, squares = 0.0, count = 0
        for value in values where value.isFinite {
            low = min(low, value)
            high = max(high, value)
            sum += Double(value)
            squares += Double(value) * Double(value)
            count += 1
        }
        guard count > 0 else {
            self.init(runID: runID, step: step, name: name, kind: kind, minimum: 0, maximum: 0, count: 0, sum: 0,
                      sumOfSquares: 0, bucketLimits: [], bucketCounts: [])
            return
        }
        let bucketCount = low == high ? 1 : buckets
        let width = (Double(high) - Double(low)) / Double(bucketCount)
        var counts = [Double](repeating: 0, count: bucketCount)
        for value in values where value.isFinite {
            let index = width > 0 ? Int((Double(value) - Double(low)) / width) : 0
            counts[min(index, bucketCount - 1)] += 1  // the maximum falls in the last bucket
        }
        let limits = (1...bucketCount).map { $0 == bucketCount ? Double(high) : Double(low) + Double($0) * width }
        self.init(runID: runID, step: step, name: name, kind: kind, minimum: Double(low), maximum: Double(high),
                  count: Double(count), sum: sum, sumOfSquares: squares, bucketLimits: limits, bucketCounts: counts)
    }
}

/// The `histograms` table (format version 2): numbers as columns, buckets as JSON arrays.
enum HistogramRecord {
    static func checksum(_ h: StoredHistogram, limits: String, counts: String) -> UInt64 {
        Checksum.xxh64(([h.runID, "\(h.step)", h.name, h.kind.rawValue]
            + [h.minimum, h.maximum, h.count, h.sum, h.sumOfSquares].map { "\($0)" } + [limits, counts])
            .joined(separator: "\n"))
    }

    static func json(_ values: [Double]) throws -> String {
        String(decoding: try JSONEncoder().encode(values), as: UTF8.self)  // shortest text that reads back exactly
    }

    static func append(_ histograms: [StoredHistogram], to database: Database) throws {
        guard !histograms.isEmpty else { return }
        let statement = try database.prepare("""
            INSERT INTO histograms (run_id, step, name, kind, min, max, count, sum, sum_squares, bucket_limits,
                                    bucket_counts, checksum)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        for h in histograms {
            guard [h.minimum, h.maximum, h.sum, h.sumOfSquares].allSatisfy(\.isFinite) else {
                throw StoreError.invalidArgument("histogram '\(h.name)' at step \(h.step) has non-finite figures")
            }
            let (limits, counts) = (try json(h.bucketLimits), try json(h.bucketCounts))
            try statement.bind(h.runID, at: 1)
            try statement.bind(h.step, at: 2)
            try statement.bind(h.name, at: 3)
            try statement.bind(h.kind.rawValue, at: 4)
            for (offset, value) in [h.minimum, h.maximum, h.count, h.sum, h.sumOfSquares].enumerated() {
                try statement.bind(value, at: Int32(5 + offset))
            }
            try statement.bind(limits, at: 10)
            try statement.bind(counts, at: 11)
            try statement.bind(Checksum.stored(checksum(h, limits: limits, counts: counts)), at: 12)
            try statement.step()
            statement.reset()
        }
    }

    /// The histograms in the order they were written, optionally of one name; none in a version-1 file.
    static func read(name: String?, from database: Database) throws -> [StoredHistogram] {
        guard try Schema.hasTable("histograms", in: database) else { return [] }
        let statement = try database.prepare("""
            SELECT run_id, step, name, kind, min, max, count, sum, sum_squares, bucket_limits, bucket_counts, checksum
            FROM histograms WHERE (?1 IS NULL OR name = ?1) ORDER BY id
            """)
        if let name { try statement.bind(name, at: 1) }
        var result: [StoredHistogram] = []
        let path = database.path
        while try statement.step() {
            let (limitsText, countsText) = (statement.string(9), statement.string(10))
            guard let kind = LayerStatisticsKind(rawValue: statement.string(3)),
                  let limits = try? JSONDecoder().decode([Double].self, from: Data(limitsText.utf8)),
                  let counts = try? JSONDecoder().decode([Double].self, from: Data(countsText.utf8)) else {
                throw StoreError.corrupted(path: path, detail: "histogram '\(statement.string(2))' is unreadable")
            }
            let h = StoredHistogram(runID: statement.string(0), step: statement.int(1), name: statement.string(2), kind: kind,
                                    minimum: statement.double(4), maximum: statement.double(5), count: statement.double(6),
                                    sum: statement.double(7), sumOfSquares: statement.double(8),
                                    bucketLimits: limits, bucketCounts: counts)
            guard Checksum.stored(checksum(h, limits: limitsText, counts: countsText)) == statement.int64(11) else {
                throw StoreError.corrupted(path: path, detail: "histogram '\(h.name)' at step \(h.step) fails its checksum")
            }
            result.append(h)
        }
        return result
    }
}
