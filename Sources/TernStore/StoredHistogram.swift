import Foundation

/// A ``Histogram`` of one tensor at one step, as the `histograms` table keeps it: what TensorBoard's histogram panel
/// and `tern plot` draw.
public struct StoredHistogram: Sendable, Equatable {
    public var runID: String
    public var step: Int
    /// As in ``LayerStatistics/name``.
    public var name: String
    public var kind: LayerStatisticsKind
    public var histogram: Histogram

    public init(runID: String, step: Int, name: String, kind: LayerStatisticsKind, histogram: Histogram) {
        (self.runID, self.step, self.name, self.kind, self.histogram) = (runID, step, name, kind, histogram)
    }
}

/// The `histograms` table (format version 2): figures as columns, the bin counts as a JSON array.
enum HistogramRecord {
    static func checksum(_ h: StoredHistogram, counts: String) -> UInt64 {
        let figures = h.histogram
        return Checksum.xxh64(([h.runID, "\(h.step)", h.name, h.kind.rawValue]
            + [figures.minimum, figures.maximum, figures.sum, figures.sumOfSquares, figures.lowerBound, figures.upperBound]
                .map { "\($0)" }
            + ["\(figures.count)", "\(figures.nonFiniteCount)", counts]).joined(separator: "\n"))
    }

    static func append(_ histograms: [StoredHistogram], to database: Database) throws {
        guard !histograms.isEmpty else { return }
        let statement = try database.prepare("""
            INSERT INTO histograms (run_id, step, name, kind, min, max, count, sum, sum_squares, non_finite,
                                    lower_bound, upper_bound, bucket_counts, checksum)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        for h in histograms {
            let figures = h.histogram
            let counts = String(decoding: try JSONEncoder().encode(figures.bucketCounts), as: UTF8.self)
            try statement.bind(h.runID, at: 1)
            try statement.bind(h.step, at: 2)
            try statement.bind(h.name, at: 3)
            try statement.bind(h.kind.rawValue, at: 4)
            try statement.bind(figures.minimum, at: 5)
            try statement.bind(figures.maximum, at: 6)
            try statement.bind(figures.count, at: 7)
            try statement.bind(figures.sum, at: 8)
            try statement.bind(figures.sumOfSquares, at: 9)
            try statement.bind(figures.nonFiniteCount, at: 10)
            try statement.bind(figures.lowerBound, at: 11)
            try statement.bind(figures.upperBound, at: 12)
            try statement.bind(counts, at: 13)
            try statement.bind(Checksum.stored(checksum(h, counts: counts)), at: 14)
            try statement.step()
            statement.reset()
        }
    }

    /// The histograms in the order they were written, optionally of one tensor; none in a version-1 file.
    static func read(name: String?, from database: Database) throws -> [StoredHistogram] {
        guard try Schema.hasTable("histograms", in: database) else { return [] }
        let statement = try database.prepare("""
            SELECT run_id, step, name, kind, min, max, count, sum, sum_squares, non_finite, lower_bound, upper_bound,
                   bucket_counts, checksum
            FROM histograms WHERE (?1 IS NULL OR name = ?1) ORDER BY id
            """)
        if let name { try statement.bind(name, at: 1) }
        var result: [StoredHistogram] = []
        let path = database.path
        while try statement.step() {
            let countsText = statement.string(12)
            let (lower, upper) = (statement.double(10), statement.double(11))
            guard let kind = LayerStatisticsKind(rawValue: statement.string(3)),
                  let counts = try? JSONDecoder().decode([Int].self, from: Data(countsText.utf8)), !counts.isEmpty, lower < upper else {
                throw StoreError.corrupted(path: path, detail: "histogram '\(statement.string(2))' is unreadable")
            }
            let figures = Histogram(minimum: statement.double(4), maximum: statement.double(5), count: statement.int(6),
                                    sum: statement.double(7), sumOfSquares: statement.double(8), nonFiniteCount: statement.int(9),
                                    lowerBound: lower, upperBound: upper, bucketCounts: counts)
            let h = StoredHistogram(runID: statement.string(0), step: statement.int(1), name: statement.string(2), kind: kind,
                                    histogram: figures)
            guard Checksum.stored(checksum(h, counts: countsText)) == statement.int64(13) else {
                throw StoreError.corrupted(path: path, detail: "histogram '\(h.name)' at step \(h.step) fails its checksum")
            }
            result.append(h)
        }
        return result
    }
}
