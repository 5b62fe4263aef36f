import CSQLite
import Foundation

/// Whether a log row records a training step or a validation run.
public enum TrainingLogKind: String, Sendable, CaseIterable {
    case train
    case valid
}

/// One row of the training log: a logged training step, or a validation run.
///
/// The log lives in the model file, so the plots and `tern info` of a model never lose track of how it was trained.
/// Like every row Tern reads back, each log row carries a checksum, so a damaged row is reported, not plotted.
public struct TrainingLogEntry: Sendable, Equatable {
    /// Which training run wrote the row; resuming keeps the id, a fresh run gets a new one.
    public var runID: String
    public var step: Int
    public var epoch: Int
    public var kind: TrainingLogKind
    public var loss: Double?
    public var learningRate: Double?
    public var tokensPerSecond: Double?
    /// Seconds since the run started.
    public var wallSeconds: Double?
    /// Further metrics by name, such as validation BLEU and chrF or the gradient norm.
    public var extra: [String: Double]
    /// When the row was written; set by the store.
    public var loggedAt: Date?

    /// - Parameters:
    ///   - runID: the training run's id.
    ///   - step: the optimizer step.
    ///   - epoch: the epoch.
    ///   - kind: `train` for a training step, `valid` for a validation run.
    ///   - loss: the mean loss per token.
    ///   - learningRate: the learning rate used at this step.
    ///   - tokensPerSecond: throughput since the previous row.
    ///   - wallSeconds: seconds since the run started.
    ///   - extra: further finite metrics by name.
    public init(runID: String, step: Int, epoch: Int, kind: TrainingLogKind, loss: Double? = nil,
                learningRate: Double? = nil, tokensPerSecond: Double? = nil, wallSeconds: Double? = nil,
                extra: [String: Double] = [:]) {
        self.runID = runID
        self.step = step
        self.epoch = epoch
        self.kind = kind
        self.loss = loss
        self.learningRate = learningRate
        self.tokensPerSecond = tokensPerSecond
        self.wallSeconds = wallSeconds
        self.extra = extra
    }
}

/// The `training_log` table.
enum TrainingLogRecord {
    /// XXH64 of the row's columns as text, joined with "\n"; a NULL number is the empty string and a number is
    /// written the way Swift prints a Double (the shortest text that reads back as the same value).
    static func checksum(runID: String, step: Int, epoch: Int, kind: String, numbers: [Double?], extra: String,
                         loggedAt: String) -> UInt64 {
        let numberText = numbers.map { $0.map { "\($0)" } ?? "" }
        return Checksum.xxh64(([runID, "\(step)", "\(epoch)", kind] + numberText + [extra, loggedAt]).joined(separator: "\n"))
    }

    static func append(_ entries: [TrainingLogEntry], to database: Database) throws {
        let statement = try database.prepare("""
            INSERT INTO training_log (run_id, step, epoch, kind, loss, learning_rate, tokens_per_second,
                                      wall_seconds, extra, logged_at, checksum)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        let now = Timestamp.now()
        for entry in entries {
            // Non-finite losses happen (a diverging run); SQLite stores NaN as NULL, so refuse rather than lose it.
            for (name, value) in [("loss", entry.loss), ("learning rate", entry.learningRate),
                                  ("tokens per second", entry.tokensPerSecond), ("wall seconds", entry.wallSeconds)] {
                if let value, !value.isFinite {
                    throw StoreError.invalidArgument("the training log's \(name) at step \(entry.step) is \(value)")
                }
            }
            try statement.bind(entry.runID, at: 1)
            try statement.bind(entry.step, at: 2)
            try statement.bind(entry.epoch, at: 3)
            try statement.bind(entry.kind.rawValue, at: 4)
            try statement.bind(entry.loss, at: 5)
            try statement.bind(entry.learningRate, at: 6)
            try statement.bind(entry.tokensPerSecond, at: 7)
            try statement.bind(entry.wallSeconds, at: 8)
            let extra = try CheckpointRecord.encodeMetrics(entry.extra)
            let loggedAt = entry.loggedAt.map(Timestamp.string(from:)) ?? now
            let digest = checksum(runID: entry.runID, step: entry.step, epoch: entry.epoch, kind: entry.kind.rawValue,
                                  numbers: [entry.loss, entry.learningRate, entry.tokensPerSecond, entry.wallSeconds],
                                  extra: extra, loggedAt: loggedAt)
            try statement.bind(extra, at: 9)
            try statement.bind(loggedAt, at: 10)
            try statement.bind(Checksum.stored(digest), at: 11)
            try statement.step()
            statement.reset()
        }
    }

    private static let selectColumns = """
        SELECT run_id, step, epoch, kind, loss, learning_rate, tokens_per_second, wall_seconds, extra, logged_at,
               checksum
        FROM training_log
        """

    private static func entry(from row: Statement, path: String) throws -> TrainingLogEntry {
        let numbers = (4...7).map { row.optionalDouble(Int32($0)) }
        let digest = checksum(runID: row.string(0), step: row.int(1), epoch: row.int(2), kind: row.string(3),
                              numbers: numbers, extra: row.string(8), loggedAt: row.string(9))
        guard Checksum.stored(digest) == row.int64(10), let kind = TrainingLogKind(rawValue: row.string(3)) else {
            throw StoreError.corrupted(path: path, detail: "training log row at step \(row.int(1)) fails its checksum")
        }
        var entry = TrainingLogEntry(runID: row.string(0), step: row.int(1), epoch: row.int(2), kind: kind,
                                     loss: numbers[0], learningRate: numbers[1],
                                     tokensPerSecond: numbers[2], wallSeconds: numbers[3],
                                     extra: try CheckpointRecord.decodeMetrics(row.string(8), path: path))
        entry.loggedAt = Timestamp.date(from: row.string(9))
        return entry
    }

    /// The rows in the order they were written, optionally of one run and one kind.
    static func read(runID: String?, kind: TrainingLogKind?, from database: Database) throws -> [TrainingLogEntry] {
        let statement = try database.prepare(selectColumns + """
             WHERE (?1 IS NULL OR run_id = ?1) AND (?2 IS NULL OR kind = ?2) ORDER BY id
            """)
        if let runID { try statement.bind(runID, at: 1) }
        if let kind { try statement.bind(kind.rawValue, at: 2) }
        var entries: [TrainingLogEntry] = []
        while try statement.step() { entries.append(try entry(from: statement, path: database.path)) }
        return entries
    }

    static func last(from database: Database) throws -> TrainingLogEntry? {
        let statement = try database.prepare(selectColumns + " ORDER BY id DESC LIMIT 1")
        guard try statement.step() else { return nil }
        return try entry(from: statement, path: database.path)
    }
}
