import CSQLite
import Foundation

/// The tables of a Tern model file, and the checks that a file is one this build can read.
///
/// `Sources/TernStore/ModelFormat.md` documents every table for readers in other languages; keep the two in step. The format
/// version lives in the SQLite header (`PRAGMA user_version`) next to Tern's application id (`PRAGMA application_id`),
/// so both can be read without knowing any table, and a future version is free to change every table.
enum Schema {
    /// `PRAGMA application_id`: the bytes "Tern". Marks the file as a Tern model for tools like `file(1)` too.
    static let applicationID: Int32 = 0x5465_726E
    /// The format version this build writes, and the newest it reads. Version 2 added the per-layer statistics
    /// (`layer_statistics`, `histograms`); a version-1 file opens as it is for reading, and is migrated (the two
    /// tables created, the version raised) when opened for writing. Version 3 added int8 tensors (dtype `i8`, in
    /// exported models only) and checkpoints of kind `best` without optimizer state; an older file is migrated by
    /// raising its version (its `tensors` table keeps the `f32`-only check, which training never needs to pass).
    static let formatVersion = 3
    /// The oldest version this build reads.
    static let oldestReadableVersion = 1
    /// Large pages keep a 50 MB tensor in few overflow pages, which is faster to write, read and check.
    /// SQLite only honours it before the first table is created. (``ModelFile/create(at:configJSON:pageSize:)``'s default.)
    static let pageSize = 65536
    /// An exported model is written once and read whole: small pages waste less at the end of each tensor.
    static let exportPageSize = 4096

    /// The tables every version-1 file has; `check` refuses a file that lacks one.
    static let tableNames = ["meta", "config", "sections", "vocabulary", "merges", "checkpoints", "tensors", "training_log"]
    /// The tables version 2 added.
    static let version2TableNames = ["layer_statistics", "histograms"]

    static let createStatements = """
        CREATE TABLE meta (
            key   TEXT PRIMARY KEY,
            value TEXT NOT NULL
        );
        CREATE TABLE config (
            id   INTEGER PRIMARY KEY CHECK (id = 1),
            json TEXT NOT NULL
        );
        CREATE TABLE sections (
            name      TEXT PRIMARY KEY,
            row_count INTEGER NOT NULL,
            checksum  INTEGER NOT NULL
        );
        CREATE TABLE vocabulary (
            side      TEXT NOT NULL CHECK (side IN ('source', 'target', 'joint')),
            id        INTEGER NOT NULL,
            token     TEXT NOT NULL,
            frequency INTEGER NOT NULL,
            PRIMARY KEY (side, id)
        ) WITHOUT ROWID;
        CREATE TABLE merges (
            rank  INTEGER PRIMARY KEY,
            left  TEXT NOT NULL,
            right TEXT NOT NULL
        );
        CREATE TABLE checkpoints (
            id           INTEGER PRIMARY KEY AUTOINCREMENT,
            step         INTEGER NOT NULL,
            epoch        INTEGER NOT NULL,
            kind         TEXT NOT NULL CHECK (kind IN ('last', 'best')),
            created_at   TEXT NOT NULL,
            metrics      TEXT NOT NULL,
            resume_state TEXT NOT NULL,
            tensor_count INTEGER NOT NULL,
            checksum     INTEGER NOT NULL
        );
        CREATE INDEX checkpoints_by_step ON checkpoints (step);
        CREATE TABLE tensors (
            id            INTEGER PRIMARY KEY,
            checkpoint_id INTEGER NOT NULL REFERENCES checkpoints (id) ON DELETE CASCADE,
            role          TEXT NOT NULL CHECK (role IN ('parameter', 'optimizer')),
            name          TEXT NOT NULL CHECK (name <> ''),
            shape         TEXT NOT NULL,
            dtype         TEXT NOT NULL CHECK (dtype IN ('f32', 'i8')),
            checksum      INTEGER NOT NULL,
            data          BLOB NOT NULL,
            UNIQUE (checkpoint_id, role, name)
        );
        CREATE TABLE training_log (
            id                INTEGER PRIMARY KEY,
            run_id            TEXT NOT NULL,
            step              INTEGER NOT NULL,
            epoch             INTEGER NOT NULL,
            kind              TEXT NOT NULL CHECK (kind IN ('train', 'valid')),
            loss              REAL,
            learning_rate     REAL,
            tokens_per_second REAL,
            wall_seconds      REAL,
            extra             TEXT NOT NULL,
            logged_at         TEXT NOT NULL,
            checksum          INTEGER NOT NULL
        );
        CREATE INDEX training_log_by_run ON training_log (run_id, step);
        """ + version2Statements

    static let version2Statements = """
        CREATE TABLE layer_statistics (
            id            INTEGER PRIMARY KEY,
            run_id        TEXT NOT NULL,
            step          INTEGER NOT NULL,
            name          TEXT NOT NULL,
            kind          TEXT NOT NULL CHECK (kind IN ('weight', 'gradient', 'activation')),
            count         INTEGER NOT NULL,
            mean          REAL,
            std           REAL,
            min           REAL,
            max           REAL,
            l2_norm       REAL,
            zero_fraction REAL,
            extra         TEXT NOT NULL,
            checksum      INTEGER NOT NULL
        );
        CREATE INDEX layer_statistics_by_step ON layer_statistics (step, name);
        CREATE TABLE histograms (
            id            INTEGER PRIMARY KEY,
            run_id        TEXT NOT NULL,
            step          INTEGER NOT NULL,
            name          TEXT NOT NULL,
            kind          TEXT NOT NULL CHECK (kind IN ('weight', 'gradient', 'activation')),
            min           REAL NOT NULL,
            max           REAL NOT NULL,
            count         INTEGER NOT NULL,
            sum           REAL NOT NULL,
            sum_squares   REAL NOT NULL,
            non_finite    INTEGER NOT NULL,
            lower_bound   REAL NOT NULL,
            upper_bound   REAL NOT NULL,
            bucket_counts TEXT NOT NULL,
            checksum      INTEGER NOT NULL
        );
        CREATE INDEX histograms_by_name ON histograms (name, step);
        """

    /// Lays out a new, empty model in a freshly created empty file and switches it to WAL.
    static func create(in database: Database, configJSON: String, pageSize: Int = Schema.pageSize) throws {
        try database.execute("PRAGMA page_size = \(pageSize)")
        try database.writeTransaction {
            try database.execute(createStatements)
            // Both header fields are written by the same transaction as the tables, so a file either has all three
            // or is an empty database that `check` reports as "not a Tern model".
            try database.execute("PRAGMA application_id = \(applicationID)")
            try database.execute("PRAGMA user_version = \(formatVersion)")
            let meta = try database.prepare("INSERT INTO meta (key, value) VALUES (?, ?)")
            for (key, value) in [("format", "tern-model"), ("created_at", Timestamp.now()), ("created_by", "tern")] {
                try meta.bind(key, at: 1)
                try meta.bind(value, at: 2)
                try meta.step()
                meta.reset()
            }
            try ConfigRecord.write(configJSON, to: database)
        }
        // WAL is a property of the file, so it is set once here; every later connection finds it.
        guard try database.text("PRAGMA journal_mode = WAL")?.lowercased() == "wal" else {
            throw StoreError.sqlite(code: SQLITE_ERROR, message: "the file system refused WAL journal mode",
                                    context: "creating the model")
        }
    }

    /// Refuses a file that is not a Tern model this build can read: not SQLite, another program's database, a newer
    /// format version, missing tables, or (with `structural`) a failed `PRAGMA quick_check`.
    static func check(_ database: Database, structural: Bool) throws {
        let path = database.path
        // The first query reads the header; a text file fails here with SQLITE_NOTADB.
        let applicationID = try database.integer("PRAGMA application_id") ?? 0
        guard applicationID == Int64(Schema.applicationID) else {
            let tables = try tableList(database)
            if tables.isEmpty {
                throw StoreError.notATernModel(path: path,
                    reason: "it is an empty database; an interrupted `create` leaves one behind, delete it and create again")
            }
            throw StoreError.notATernModel(path: path,
                reason: "its application id is \(applicationID) and it has tables \(tables.prefix(5).joined(separator: ", "))")
        }
        let version = Int(try database.integer("PRAGMA user_version") ?? 0)
        if version > formatVersion {
            throw StoreError.newerFormat(path: path, found: version, supported: formatVersion)
        }
        guard version >= oldestReadableVersion else {
            throw StoreError.corrupted(path: path, detail: "the header has Tern's id but format version \(version)")
        }
        let tables = Set(try tableList(database))
        let required = tableNames + (version >= 2 ? version2TableNames : [])
        if let missing = required.first(where: { !tables.contains($0) }) {
            throw StoreError.corrupted(path: path, detail: "table '\(missing)' is missing")
        }
        if structural {
            // quick_check walks every b-tree page and overflow chain (O(file size), but without the index
            // cross-checks of integrity_check); the tensor checksums then cover the bytes it cannot judge.
            let statement = try database.prepare("PRAGMA quick_check(5)")
            var problems: [String] = []
            while try statement.step() { problems.append(statement.string(0)) }
            guard problems == ["ok"] else {
                throw StoreError.corrupted(path: path, detail: "quick_check: " + problems.joined(separator: "; "))
            }
        }
    }

    /// Brings a file of an older version up to ``formatVersion`` in one transaction (a writer does this on open).
    static func migrate(_ database: Database) throws {
        try database.writeTransaction {
            let version = Int(try database.integer("PRAGMA user_version") ?? 0)
            guard version < formatVersion else { return }
            if version < 2 { try database.execute(version2Statements) }
            try database.execute("PRAGMA user_version = \(formatVersion)")
        }
    }

    /// Whether the file has a table (the tables a newer version added may be missing from an older file).
    static func hasTable(_ name: String, in database: Database) throws -> Bool {
        let statement = try database.prepare("SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = ?")
        try statement.bind(name, at: 1)
        return try statement.step()
    }

    private static func tableList(_ database: Database) throws -> [String] {
        let statement = try database.prepare("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name")
        var names: [String] = []
        while try statement.step() { names.append(statement.string(0)) }
        return names
    }
}

/// ISO 8601 timestamps in UTC with milliseconds, the way every time is stored in the file.
enum Timestamp {
    static func now() -> String { string(from: Date()) }

    static func string(from date: Date) -> String {
        var style = Date.ISO8601FormatStyle(includingFractionalSeconds: true)
        style.timeZone = TimeZone(identifier: "UTC")!
        return date.formatted(style)
    }

    static func date(from text: String) -> Date? {
        try? Date.ISO8601FormatStyle(includingFractionalSeconds: true).parse(text)
    }
}
