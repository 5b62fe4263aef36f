import CSQLite
import Foundation

/// A Tern model: one SQLite file holding the config, vocabularies, BPE merges, checkpoints with their optimizer and
/// resume state, and the training log.
///
/// The file is in WAL mode, and each write (a checkpoint save with its pruning, a vocabulary replacement, a batch of
/// log rows) is one transaction: a process killed at any moment leaves the previous state intact and readable.
/// Tools that only read open it with ``Access/readOnly``, which works while a trainer is writing.
///
/// Durability: connections use `PRAGMA synchronous = NORMAL`. In WAL mode that survives the writing process crashing
/// or being killed at any point, but a power loss or kernel crash can lose the last few committed checkpoints
/// (never corrupt the file, which rolls back to an earlier commit).
///
/// A `ModelFile` is one connection, to be used from one thread at a time.
public final class ModelFile {
    /// How to open an existing model.
    public enum Access: Sendable {
        /// Never writes; for `tern info`, translation and evaluation, also while a trainer writes.
        case readOnly
        /// Reads and writes; for training.
        case readWrite
    }

    /// The path the model was opened at.
    public let path: String
    /// True when opened with ``Access/readOnly``; every write then throws ``StoreError/readOnly(path:)``.
    public var isReadOnly: Bool { database.isReadOnly }
    let database: Database

    private init(database: Database) throws {
        self.database = database
        path = database.path
        try database.execute("PRAGMA synchronous = NORMAL")
        // Deletions also cascade through the schema's foreign keys for other tools; Tern deletes explicitly.
        try database.execute("PRAGMA foreign_keys = ON")
        // Debian builds SQLite with secure_delete on, which zero-fills every freed page: pruning a 50 MB checkpoint
        // would then write 50 MB of zeros through the WAL. Model weights are not secrets, so free pages keep their
        // stale bytes until reused.
        try database.execute("PRAGMA secure_delete = OFF")
    }

    /// Creates a new model file holding only `configJSON`.
    ///
    /// Refuses (``StoreError/fileExists(path:isTernModel:)``) if anything exists at `path`, so an existing model or
    /// another file is never overwritten; the check and the creation are one atomic `open(O_CREAT | O_EXCL)`.
    /// - Parameters:
    ///   - path: where to create the file; its directory must exist.
    ///   - configJSON: the model config, a JSON object.
    ///   - pageSize: SQLite's page size; the default (64 KB) suits a training file, ``exportPageSize`` a file written once.
    public static func create(at path: String, configJSON: String, pageSize: Int = 65536) throws -> ModelFile {
        try ConfigRecord.validate(configJSON)
        let code = createEmptyFileExclusively(path)
        guard code == 0 else {
            if code == EEXIST { throw StoreError.fileExists(path: path, isTernModel: isTernModel(at: path)) }
            if code == ENOENT { throw StoreError.fileNotFound(path: path) }
            throw StoreError.sqlite(code: SQLITE_CANTOPEN, message: String(cString: strerror(code)),
                                    context: "creating \(path)")
        }
        do {
            // SQLite treats the empty file just created as an empty database.
            let database = try Database(path: path, access: .readWrite)
            try Schema.create(in: database, configJSON: configJSON, pageSize: pageSize)
            return try ModelFile(database: database)
        } catch {
            // The file is ours (O_EXCL), so a failed creation removes it rather than leave a half-made model.
            for suffix in ["", "-wal", "-shm", "-journal"] { unlink(path + suffix) }
            throw error
        }
    }

    /// Opens an existing model, refusing files that are not Tern models, newer formats and damaged files.
    /// - Parameters:
    ///   - path: the model file.
    ///   - access: ``Access/readOnly`` for tools that only read, ``Access/readWrite`` for training.
    ///   - verifyStructure: run `PRAGMA quick_check` (reads the whole file once). Tensor checksums are verified on
    ///     every load regardless; turn this off only where the open time of a large model matters more.
    public convenience init(openingAt path: String, access: Access = .readWrite, verifyStructure: Bool = true) throws {
        guard FileManager.default.fileExists(atPath: path) else { throw StoreError.fileNotFound(path: path) }
        let database = try Database(path: path, access: access == .readOnly ? .readOnly : .readWrite)
        try database.readTransaction { try Schema.check(database, structural: verifyStructure) }
        if access == .readWrite { try Schema.migrate(database) }
        // A copy made with `VACUUM INTO` or `.backup` is in rollback-journal mode; a writer puts it back in WAL so that
        // readers keep working while it trains.
        if access == .readWrite, try database.text("PRAGMA journal_mode")?.lowercased() != "wal" {
            _ = try database.text("PRAGMA journal_mode = WAL")
        }
        try self.init(database: database)
    }

    /// Closes the connection now rather than when the last reference goes away. The last connection to close folds
    /// the WAL back into the main file, so after this the `.tern` file alone is the whole model and can be copied.
    /// Any later call on this object throws.
    public func close() {
        database.close()
    }

    /// Whether the file at `path` opens as a Tern model; used to word refusals.
    static func isTernModel(at path: String) -> Bool {
        guard let database = try? Database(path: path, access: .readOnly) else { return false }
        return (try? Schema.check(database, structural: false)) != nil
    }

    /// The page size of a file written once and read whole (an export): little is wasted after each tensor.
    public static let exportPageSize = Schema.exportPageSize

    /// A value of the `meta` table (`format`, `created_at`, `created_by`, and an export's `exported_from`, …); nil if
    /// the file has none under `key`.
    public func meta(_ key: String) throws -> String? {
        try database.readTransaction {
            let statement = try database.prepare("SELECT value FROM meta WHERE key = ?")
            try statement.bind(key, at: 1)
            return try statement.step() ? statement.string(0) : nil
        }
    }

    /// Sets a value of the `meta` table.
    public func setMeta(_ key: String, _ value: String) throws {
        try database.writeTransaction {
            let statement = try database.prepare("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)")
            try statement.bind(key, at: 1)
            try statement.bind(value, at: 2)
            try statement.step()
        }
    }

    /// The number of free pages (space a pruned checkpoint left that the file has not reused).
    public func freePageCount() throws -> Int {
        Int(try database.integer("PRAGMA freelist_count") ?? 0)
    }

    /// The model config JSON, as it was stored.
    public func configJSON() throws -> String {
        try database.readTransaction { try ConfigRecord.read(from: database) }
    }

    /// Replaces the model config; `json` must be a JSON object.
    public func setConfigJSON(_ json: String) throws {
        try database.writeTransaction { try ConfigRecord.write(json, to: database) }
    }

    /// Stores separate source and target vocabularies, replacing any vocabularies stored before.
    public func setVocabularies(source: StoredVocabulary, target: StoredVocabulary) throws {
        try database.writeTransaction {
            try VocabularyRecord.replace(with: [("source", source), ("target", target)], in: database)
        }
    }

    /// Stores one vocabulary shared by both sides, replacing any vocabularies stored before.
    public func setJointVocabulary(_ vocabulary: StoredVocabulary) throws {
        try database.writeTransaction {
            try VocabularyRecord.replace(with: [("joint", vocabulary)], in: database)
        }
    }

    /// True when the model has one vocabulary for both sides.
    public func hasJointVocabulary() throws -> Bool {
        try database.readTransaction { try VocabularyRecord.isJoint(in: database) }
    }

    /// The vocabulary of `side` in id order (the joint one, if the model has one); empty if none was stored.
    public func vocabulary(_ side: VocabularySide) throws -> StoredVocabulary {
        try database.readTransaction {
            let joint = try VocabularyRecord.isJoint(in: database)
            return try VocabularyRecord.read(side: joint ? "joint" : side.rawValue, from: database)
        }
    }

    /// Replaces the BPE merges; `merges[i]` has rank `i`.
    public func setMerges(_ merges: StoredMerges) throws {
        try database.writeTransaction { try VocabularyRecord.replaceMerges(with: merges, in: database) }
    }

    /// The BPE merges in rank order; empty if none were stored.
    public func merges() throws -> StoredMerges {
        try database.readTransaction { try VocabularyRecord.readMerges(from: database) }
    }

    /// Saves a checkpoint — its row, parameters, optimizer state and resume state — and prunes old checkpoints, all in
    /// one transaction. If anything throws, or the process dies, the file is as it was before the call.
    /// - Parameters:
    ///   - contents: what to save; tensor names must be non-empty and unique, shapes must match the values.
    ///   - retention: which checkpoints to keep afterwards; nil keeps every checkpoint.
    ///   - logEntries: training-log rows written in the same transaction, so the log and the checkpoints never
    ///     disagree after a crash (rows of steps a resumed run repeats are never written twice).
    ///   - statistics: per-layer statistics rows, likewise.
    ///   - histograms: histograms, likewise.
    /// - Returns: the saved checkpoint's summary, with the id to load it by.
    @discardableResult
    public func saveCheckpoint(_ contents: CheckpointContents, retention: RetentionPolicy? = nil,
                               logEntries: [TrainingLogEntry] = [], statistics: [LayerStatistics] = [],
                               histograms: [StoredHistogram] = []) throws -> CheckpointSummary {
        try retention?.validate()
        return try database.writeTransaction {
            if !logEntries.isEmpty { try TrainingLogRecord.append(logEntries, to: database) }
            try LayerStatisticsRecord.append(statistics, to: database)
            try HistogramRecord.append(histograms, to: database)
            let summary = try CheckpointRecord.insert(contents, into: database)
            if let retention { try CheckpointRecord.prune(retention, in: database) }
            return summary
        }
    }

    /// Every checkpoint in the file, oldest step first.
    public func checkpoints() throws -> [CheckpointSummary] {
        try database.readTransaction { try CheckpointRecord.all(in: database) }
    }

    /// Loads a checkpoint in full, verifying every tensor's length and checksum.
    /// - Throws: ``StoreError/missingCheckpoint(_:)`` if no checkpoint has `id`.
    public func loadCheckpoint(id: Int64) throws -> Checkpoint {
        try database.readTransaction { try CheckpointRecord.load(id: id, from: database) }
    }

    /// Loads the checkpoint with the highest step (the latest save of that step, if it was saved twice).
    /// - Throws: ``StoreError/missingCheckpoint(_:)`` if the model has no checkpoint yet.
    public func loadLatestCheckpoint() throws -> Checkpoint {
        try database.readTransaction {
            guard let latest = try CheckpointRecord.all(in: database).max(by: { ($0.step, $0.id) < ($1.step, $1.id) })
            else { throw StoreError.missingCheckpoint("the model has no checkpoints yet") }
            return try CheckpointRecord.load(id: latest.id, from: database)
        }
    }

    /// Loads the best checkpoint by `metric` (ties go to the earlier step).
    /// - Throws: ``StoreError/missingCheckpoint(_:)`` if no checkpoint has that metric.
    public func loadBestCheckpoint(metric: String, higherIsBetter: Bool) throws -> Checkpoint {
        try database.readTransaction {
            let candidates = try CheckpointRecord.all(in: database).map {
                RetentionPolicy.Candidate(id: $0.id, step: $0.step, metrics: $0.metrics)
            }
            guard let winner = RetentionPolicy.ranked(candidates, by: metric, higherIsBetter: higherIsBetter).first
            else { throw StoreError.missingCheckpoint("no checkpoint has metric '\(metric)'") }
            return try CheckpointRecord.load(id: winner.id, from: database)
        }
    }

    /// Appends rows to the training log in one transaction.
    public func appendTrainingLog(_ entries: [TrainingLogEntry]) throws {
        try database.writeTransaction { try TrainingLogRecord.append(entries, to: database) }
    }

    /// The per-layer statistics in the order they were written, optionally of one kind (none before format version 2).
    public func layerStatistics(kind: LayerStatisticsKind? = nil) throws -> [LayerStatistics] {
        try database.readTransaction { try LayerStatisticsRecord.read(kind: kind, from: database) }
    }

    /// The histograms in the order they were written, optionally of one tensor (none before format version 2).
    public func histograms(name: String? = nil) throws -> [StoredHistogram] {
        try database.readTransaction { try HistogramRecord.read(name: name, from: database) }
    }

    /// The training log in the order it was written, optionally only one run's rows or one kind of row.
    public func trainingLog(runID: String? = nil, kind: TrainingLogKind? = nil) throws -> [TrainingLogEntry] {
        try database.readTransaction { try TrainingLogRecord.read(runID: runID, kind: kind, from: database) }
    }
}

/// Creates an empty file at `path` unless anything exists there, atomically; returns 0 or the `errno`.
private func createEmptyFileExclusively(_ path: String) -> Int32 {
    let descriptor = open(path, O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, 0o644)
    guard descriptor >= 0 else { return errno }
    close(descriptor)
    return 0
}
