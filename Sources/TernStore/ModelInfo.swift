import Foundation

/// A summary of a model file, as `tern info` prints it.
public struct ModelInfo: Sendable {
    public var path: String
    public var formatVersion: Int
    /// The size of the main file in bytes (not counting a WAL being written).
    public var fileBytes: Int64
    /// The config exactly as stored.
    public var configJSON: String
    /// The config's top-level keys in sorted order, each with its value as compact JSON (strings unquoted), which is
    /// where the model family and sizes show.
    public var configEntries: [(key: String, value: String)]
    /// The source vocabulary's size (the joint vocabulary's, if joint); 0 if none is stored.
    public var sourceVocabularySize: Int
    /// The target vocabulary's size (the joint vocabulary's, if joint); 0 if none is stored.
    public var targetVocabularySize: Int
    public var hasJointVocabulary: Bool
    public var mergeCount: Int
    /// The number of float32 parameter values in the newest checkpoint; 0 without checkpoints.
    public var parameterCount: Int
    /// Every checkpoint, oldest step first.
    public var checkpoints: [CheckpointSummary]
    /// The most recently written training log row.
    public var lastLogEntry: TrainingLogEntry?
    /// The `meta` table (`format`, `created_at`, and an export's `exported_from`, `exported_steps`, `compute`).
    public var meta: [String: String]
}

extension ModelInfo {
    /// Splits a config object into its top-level keys, for display.
    static func entries(ofConfig json: String) -> [(key: String, value: String)] {
        guard let object = try? JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any] else { return [] }
        return object.keys.sorted().map { key in
            let value = object[key]!
            if let text = value as? String { return (key, text) }
            let data = try? JSONSerialization.data(withJSONObject: value, options: [.fragmentsAllowed, .sortedKeys])
            return (key, data.map { String(decoding: $0, as: UTF8.self) } ?? "\(value)")
        }
    }
}

extension ModelFile {
    /// Every row of `meta`; the caller holds a read transaction.
    func metaRows() throws -> [String: String] {
        let statement = try database.prepare("SELECT key, value FROM meta")
        var rows: [String: String] = [:]
        while try statement.step() { rows[statement.string(0)] = statement.string(1) }
        return rows
    }

    /// Reads the summary in one read transaction, so it describes one consistent state of the file.
    /// It reads no tensor data: parameter counts come from the stored blob lengths.
    public func info() throws -> ModelInfo {
        try database.readTransaction {
            let config = try ConfigRecord.read(from: database)
            let sizes = try VocabularyRecord.sizes(in: database)
            let joint = try VocabularyRecord.isJoint(in: database)
            let checkpoints = try CheckpointRecord.all(in: database)
            let newest = checkpoints.max { ($0.step, $0.id) < ($1.step, $1.id) }
            let attributes = try? FileManager.default.attributesOfItem(atPath: path)
            return ModelInfo(
                path: path,
                formatVersion: Int(try database.integer("PRAGMA user_version") ?? 0),
                fileBytes: (attributes?[.size] as? NSNumber)?.int64Value ?? 0,
                configJSON: config,
                configEntries: ModelInfo.entries(ofConfig: config),
                sourceVocabularySize: sizes[joint ? "joint" : "source"] ?? 0,
                targetVocabularySize: sizes[joint ? "joint" : "target"] ?? 0,
                hasJointVocabulary: joint,
                mergeCount: try VocabularyRecord.mergeCount(in: database),
                parameterCount: newest?.parameterCount ?? 0,
                checkpoints: checkpoints,
                lastLogEntry: try TrainingLogRecord.last(from: database),
                meta: try metaRows())
        }
    }
}
