/// Checksums for the text sections of a model (config, vocabularies, merges), kept in the `sections` table.
///
/// A flipped byte inside a token would otherwise load as a different, silently wrong token. Each section is hashed in
/// a canonical serialization (see `Sources/TernStore/ModelFormat.md`) and its row count is stored, so a lost or damaged row
/// is reported as ``StoreError/corrupted(path:detail:)``.
enum SectionChecksum {
    /// Accumulates a section's canonical bytes; the sections are small (a vocabulary is a few hundred KB).
    struct Builder {
        private(set) var bytes: [UInt8] = []
        mutating func append(_ text: String) { bytes.append(contentsOf: text.utf8) }
        var digest: UInt64 { bytes.withUnsafeBytes { Checksum.xxh64($0) } }
    }

    static func write(_ name: String, rowCount: Int, digest: UInt64, to database: Database) throws {
        let statement = try database.prepare(
            "INSERT OR REPLACE INTO sections (name, row_count, checksum) VALUES (?, ?, ?)")
        try statement.bind(name, at: 1)
        try statement.bind(rowCount, at: 2)
        try statement.bind(Checksum.stored(digest), at: 3)
        try statement.step()
    }

    static func remove(_ name: String, from database: Database) throws {
        let statement = try database.prepare("DELETE FROM sections WHERE name = ?")
        try statement.bind(name, at: 1)
        try statement.step()
    }

    /// The stored row count and checksum of a section, or nil if the section was never written.
    static func stored(_ name: String, in database: Database) throws -> (rowCount: Int, checksum: Int64)? {
        let statement = try database.prepare("SELECT row_count, checksum FROM sections WHERE name = ?")
        try statement.bind(name, at: 1)
        guard try statement.step() else { return nil }
        return (statement.int(0), statement.int64(1))
    }

    /// Throws unless the section's stored count and checksum match what was read.
    static func verify(_ name: String, rowCount: Int, digest: UInt64, in database: Database) throws {
        guard let stored = try stored(name, in: database) else {
            if rowCount == 0 { return }
            throw StoreError.corrupted(path: database.path, detail: "section '\(name)' has rows but no checksum")
        }
        guard stored.rowCount == rowCount else {
            throw StoreError.corrupted(path: database.path,
                detail: "section '\(name)' should have \(stored.rowCount) rows but has \(rowCount)")
        }
        guard stored.checksum == Checksum.stored(digest) else {
            throw StoreError.corrupted(path: database.path, detail: "section '\(name)' fails its checksum")
        }
    }
}
