import Foundation

/// The model configuration: one JSON object, opaque to the store, written by the model factory.
enum ConfigRecord {
    static let section = "config"

    /// Throws ``StoreError/invalidArgument(_:)`` unless `json` is a JSON object; `tern info` lists its top-level keys.
    static func validate(_ json: String) throws {
        let object = try? JSONSerialization.jsonObject(with: Data(json.utf8))
        guard object is [String: Any] else {
            throw StoreError.invalidArgument("the model config must be a JSON object, got \(json.prefix(40).debugDescription)")
        }
    }

    static func write(_ json: String, to database: Database) throws {
        try validate(json)
        let statement = try database.prepare("INSERT OR REPLACE INTO config (id, json) VALUES (1, ?)")
        try statement.bind(json, at: 1)
        try statement.step()
        try SectionChecksum.write(section, rowCount: 1, digest: Checksum.xxh64(json), to: database)
    }

    static func read(from database: Database) throws -> String {
        guard let json = try database.text("SELECT json FROM config WHERE id = 1") else {
            throw StoreError.corrupted(path: database.path, detail: "the config row is missing")
        }
        try SectionChecksum.verify(section, rowCount: 1, digest: Checksum.xxh64(json), in: database)
        return json
    }
}
