import CSQLite
import Foundation

/// What a checkpoint holds: everything to resume from (`last`: weights, optimizer state, resume state), or only the
/// weights of a checkpoint kept for its validation metric after newer ones replaced it as a resume point (`best`).
/// Trainers save `last`; pruning turns a checkpoint that survives only as one of the best into `best`.
public enum CheckpointKind: String, Sendable, CaseIterable {
    case last
    case best
}

/// What a trainer hands to ``ModelFile/saveCheckpoint(_:retention:)``.
public struct CheckpointContents: Sendable {
    public var step: Int
    public var epoch: Int
    public var kind: CheckpointKind
    /// Validation metrics at this step, such as `["bleu": 27.1, "valid_loss": 2.3]`; used to rank `best` checkpoints.
    public var metrics: [String: Double]
    /// The model's parameters by module-tree name.
    public var parameters: [StoredTensor]
    /// The optimizer's state tensors (for example Adam's moments), named by the trainer.
    public var optimizerState: [StoredTensor]
    /// Everything else the trainer needs to resume — step, scheduler state, RNG state, data position — as a JSON text
    /// the store keeps as it is.
    public var resumeState: String

    /// - Parameters:
    ///   - step: the optimizer step this checkpoint was taken after.
    ///   - epoch: the epoch it was taken in.
    ///   - kind: `last` for a regular save, `best` when validation improved.
    ///   - metrics: finite validation metrics by name.
    ///   - parameters: model parameters; names must be non-empty and unique.
    ///   - optimizerState: optimizer tensors; names must be non-empty and unique among themselves.
    ///   - resumeState: a JSON text to resume training from.
    public init(step: Int, epoch: Int, kind: CheckpointKind = .last, metrics: [String: Double] = [:],
                parameters: [StoredTensor], optimizerState: [StoredTensor] = [], resumeState: String = "{}") {
        self.step = step
        self.epoch = epoch
        self.kind = kind
        self.metrics = metrics
        self.parameters = parameters
        self.optimizerState = optimizerState
        self.resumeState = resumeState
    }
}

/// A checkpoint's description, without its tensors.
public struct CheckpointSummary: Sendable, Equatable {
    /// The row id, stable for the life of the file; pass it to ``ModelFile/loadCheckpoint(id:)``.
    public var id: Int64
    public var step: Int
    public var epoch: Int
    public var kind: CheckpointKind
    public var createdAt: Date
    public var metrics: [String: Double]
    /// The number of values in the checkpoint's parameters (optimizer state not counted), float32 or int8.
    public var parameterCount: Int
    /// The number of stored tensors, parameters and optimizer state together.
    public var tensorCount: Int
}

/// A checkpoint read back in full.
public struct Checkpoint: Sendable {
    public var summary: CheckpointSummary
    public var parameters: [StoredTensor]
    public var optimizerState: [StoredTensor]
    public var resumeState: String

    public var id: Int64 { summary.id }
    public var step: Int { summary.step }
}

/// The `checkpoints` table: one row per saved checkpoint, whose tensors live in `tensors`.
enum CheckpointRecord {
    /// The row's own checksum covers every column a reader trusts, so a damaged step or metric is reported rather
    /// than believed. It is XXH64 of the columns joined with "\n" (see Sources/TernStore/ModelFormat.md).
    static func checksum(step: Int, epoch: Int, kind: String, createdAt: String, tensorCount: Int,
                         metrics: String, resumeState: String) -> UInt64 {
        Checksum.xxh64("\(step)\n\(epoch)\n\(kind)\n\(createdAt)\n\(tensorCount)\n\(metrics)\n\(resumeState)")
    }

    static func encodeMetrics(_ metrics: [String: Double]) throws -> String {
        if let bad = metrics.first(where: { !$0.value.isFinite }) {
            throw StoreError.invalidArgument("metric '\(bad.key)' is \(bad.value); metrics must be finite numbers")
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: try encoder.encode(metrics), as: UTF8.self)
    }

    static func decodeMetrics(_ json: String, path: String) throws -> [String: Double] {
        guard let metrics = try? JSONDecoder().decode([String: Double].self, from: Data(json.utf8)) else {
            throw StoreError.corrupted(path: path, detail: "checkpoint metrics are not a JSON object of numbers")
        }
        return metrics
    }

    static func validateJSON(_ text: String, what: String) throws {
        guard (try? JSONSerialization.jsonObject(with: Data(text.utf8), options: [.fragmentsAllowed])) != nil else {
            throw StoreError.invalidArgument("\(what) is not valid JSON: \(text.prefix(40).debugDescription)")
        }
    }

    /// Writes the row and its tensors; the caller holds the write transaction.
    static func insert(_ contents: CheckpointContents, into database: Database) throws -> CheckpointSummary {
        try TensorBlob.validate(contents.parameters, role: .parameter)
        try TensorBlob.validate(contents.optimizerState, role: .optimizer)
        try validateJSON(contents.resumeState, what: "the resume state")
        let metrics = try encodeMetrics(contents.metrics)
        let createdAt = Date()
        let createdText = Timestamp.string(from: createdAt)
        let tensorCount = contents.parameters.count + contents.optimizerState.count
        let digest = checksum(step: contents.step, epoch: contents.epoch, kind: contents.kind.rawValue,
                              createdAt: createdText, tensorCount: tensorCount, metrics: metrics,
                              resumeState: contents.resumeState)
        let statement = try database.prepare("""
            INSERT INTO checkpoints (step, epoch, kind, created_at, metrics, resume_state, tensor_count, checksum)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            """)
        try statement.bind(contents.step, at: 1)
        try statement.bind(contents.epoch, at: 2)
        try statement.bind(contents.kind.rawValue, at: 3)
        try statement.bind(createdText, at: 4)
        try statement.bind(metrics, at: 5)
        try statement.bind(contents.resumeState, at: 6)
        try statement.bind(tensorCount, at: 7)
        try statement.bind(Checksum.stored(digest), at: 8)
        try statement.step()
        let id = sqlite3_last_insert_rowid(try database.handle)
        try TensorBlob.insert(contents.parameters, role: .parameter, checkpointID: id, into: database)
        try TensorBlob.insert(contents.optimizerState, role: .optimizer, checkpointID: id, into: database)
        return CheckpointSummary(id: id, step: contents.step, epoch: contents.epoch, kind: contents.kind,
                                 createdAt: Timestamp.date(from: createdText) ?? createdAt,
                                 metrics: contents.metrics,
                                 parameterCount: contents.parameters.reduce(0) { $0 + $1.values.count },
                                 tensorCount: tensorCount)
    }

    /// A summary and its resume state, as one query over `checkpoints` returns them.
    private static let selectColumns = """
        SELECT c.id, c.step, c.epoch, c.kind, c.created_at, c.metrics, c.resume_state, c.tensor_count, c.checksum,
               (SELECT coalesce(sum(CASE t.dtype WHEN 'i8' THEN length(t.data) - 4 * json_extract(t.shape, '$[0]')
                                                  ELSE length(t.data) / 4 END), 0) FROM tensors t
                WHERE t.checkpoint_id = c.id AND t.role = 'parameter')
        FROM checkpoints c
        """

    private static func summary(from row: Statement, path: String) throws -> (CheckpointSummary, resumeState: String) {
        let kindText = row.string(3), createdText = row.string(4), metricsText = row.string(5)
        let resumeState = row.string(6)
        let digest = checksum(step: row.int(1), epoch: row.int(2), kind: kindText, createdAt: createdText,
                              tensorCount: row.int(7), metrics: metricsText, resumeState: resumeState)
        guard Checksum.stored(digest) == row.int64(8), let kind = CheckpointKind(rawValue: kindText),
              let createdAt = Timestamp.date(from: createdText) else {
            throw StoreError.corrupted(path: path, detail: "checkpoint \(row.int64(0)) fails its checksum")
        }
        let summary = CheckpointSummary(id: row.int64(0), step: row.int(1), epoch: row.int(2), kind: kind,
                                        createdAt: createdAt, metrics: try decodeMetrics(metricsText, path: path),
                                        parameterCount: row.int(9), tensorCount: row.int(7))
        return (summary, resumeState)
    }

    /// Every checkpoint, oldest step first.
    static func all(in database: Database) throws -> [CheckpointSummary] {
        let statement = try database.prepare(selectColumns + " ORDER BY c.step, c.id")
        var summaries: [CheckpointSummary] = []
        while try statement.step() { summaries.append(try summary(from: statement, path: database.path).0) }
        return summaries
    }

    /// Reads one checkpoint in full; the caller holds a read transaction so its rows cannot be pruned mid-read.
    static func load(id: Int64, from database: Database) throws -> Checkpoint {
        let statement = try database.prepare(selectColumns + " WHERE c.id = ?")
        try statement.bind(id, at: 1)
        guard try statement.step() else { throw StoreError.missingCheckpoint("no checkpoint has id \(id)") }
        let (summary, resumeState) = try summary(from: statement, path: database.path)
        let parameters = try TensorBlob.read(role: .parameter, checkpointID: id, from: database)
        let optimizerState = try TensorBlob.read(role: .optimizer, checkpointID: id, from: database)
        guard parameters.count + optimizerState.count == summary.tensorCount else {
            throw StoreError.corrupted(path: database.path, detail: "checkpoint \(id) should have \(summary.tensorCount) "
                + "tensors but has \(parameters.count + optimizerState.count)")
        }
        return Checkpoint(summary: summary, parameters: parameters, optimizerState: optimizerState,
                          resumeState: resumeState)
    }

    /// Deletes every checkpoint `policy` does not keep, with its tensors, and strips the optimizer state from those
    /// kept only for their metric (nothing resumes from them); the caller holds the write transaction.
    static func prune(_ policy: RetentionPolicy, in database: Database) throws {
        let summaries = try all(in: database)
        let candidates = summaries.map { RetentionPolicy.Candidate(id: $0.id, step: $0.step, metrics: $0.metrics) }
        let keep = policy.survivors(of: candidates), resumable = policy.newest(of: candidates)
        for summary in summaries where keep.contains(summary.id) && !resumable.contains(summary.id) {
            try keepWeightsOnly(summary, in: database)
        }
        // Tensors are deleted explicitly rather than through ON DELETE CASCADE, so pruning does not depend on a
        // connection having turned foreign keys on.
        let deleteTensors = try database.prepare("DELETE FROM tensors WHERE checkpoint_id = ?")
        let deleteCheckpoint = try database.prepare("DELETE FROM checkpoints WHERE id = ?")
        for candidate in candidates where !keep.contains(candidate.id) {
            for statement in [deleteTensors, deleteCheckpoint] {
                try statement.bind(candidate.id, at: 1)
                try statement.step()
                statement.reset()
            }
        }
    }

    /// Deletes a checkpoint's optimizer tensors and marks it `best`, with its tensor count and row checksum rewritten.
    /// Does nothing to a checkpoint that is already `best` and has no optimizer tensors.
    static func keepWeightsOnly(_ summary: CheckpointSummary, in database: Database) throws {
        let id = summary.id
        let deleteOptimizer = try database.prepare("DELETE FROM tensors WHERE checkpoint_id = ? AND role = 'optimizer'")
        try deleteOptimizer.bind(id, at: 1)
        try deleteOptimizer.step()
        guard sqlite3_changes(try database.handle) > 0 || summary.kind != .best else { return }
        let row = try database.prepare("""
            SELECT step, epoch, created_at, metrics, resume_state,
                   (SELECT count(*) FROM tensors WHERE checkpoint_id = c.id)
            FROM checkpoints c WHERE id = ?
            """)
        try row.bind(id, at: 1)
        guard try row.step() else { return }
        let tensorCount = row.int(5)
        let digest = checksum(step: row.int(0), epoch: row.int(1), kind: CheckpointKind.best.rawValue,
                              createdAt: row.string(2), tensorCount: tensorCount, metrics: row.string(3),
                              resumeState: row.string(4))
        row.reset()
        let update = try database.prepare("UPDATE checkpoints SET kind = 'best', tensor_count = ?, checksum = ? WHERE id = ?")
        try update.bind(tensorCount, at: 1)
        try update.bind(Checksum.stored(digest), at: 2)
        try update.bind(id, at: 3)
        try update.step()
    }
}
