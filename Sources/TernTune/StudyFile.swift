import CSQLite
import Foundation

/// One study in one SQLite file: its settings (what `--resume` needs to carry on), and each trial's keys, curve
/// (step → metric), result, seconds and state. Every change is one transaction, so a study killed at any moment
/// holds every finished trial; a trial left `running` by a killed process is restarted by ``restartRunning()``.
///
/// Tables: `settings(key, value)`; `trials(number, state, assignment JSON, value, seconds, message, model)`;
/// `curve(trial, step, value)`. States: `running`, `complete`, `pruned`, `failed`.
public final class StudyFile {
    public enum State: String, CaseIterable, Sendable { case running, complete, pruned, failed }

    public struct Trial: Equatable, Sendable {
        public var number: Int
        public var state: State
        /// Key → value as written in a config override.
        public var assignment: [String: String]
        /// The objective as reported (BLEU as BLEU, not negated); nil until the trial ends, or when it failed.
        public var value: Double?
        public var seconds: Double
        /// Step → metric at each validation.
        public var curve: [Int: Double]
        public var message: String
    }

    public let path: String
    private var connection: OpaquePointer?
    static let version = "1"
    private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

    private init(path: String, create: Bool) throws {
        self.path = path
        let flags = SQLITE_OPEN_READWRITE | (create ? SQLITE_OPEN_CREATE : 0)
        guard sqlite3_open_v2(path, &connection, flags, nil) == SQLITE_OK else {
            let message = connection.map { String(cString: sqlite3_errmsg($0)) } ?? "cannot open"
            sqlite3_close_v2(connection)
            throw TuneError.storage(path: path, reason: message)
        }
        sqlite3_busy_timeout(connection, 10_000)
        do { try execute("PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;") } catch {
            throw create ? error : TuneError.badStudy(path: path, reason: "it is not an SQLite database (a text file, another format, or a damaged header)")
        }
    }

    deinit { sqlite3_close_v2(connection) }

    /// A new study with `settings`; never overwrites a file.
    public static func create(path: String, settings: [String: String]) throws -> StudyFile {
        guard !FileManager.default.fileExists(atPath: path) else { throw TuneError.studyExists(path: path) }
        let study = try StudyFile(path: path, create: true)
        try study.transaction {
            try study.execute("""
                CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);
                CREATE TABLE trials (number INTEGER PRIMARY KEY, state TEXT NOT NULL
                    CHECK (state IN ('running', 'complete', 'pruned', 'failed')),
                    assignment TEXT NOT NULL, value REAL, seconds REAL NOT NULL DEFAULT 0, message TEXT NOT NULL DEFAULT '');
                CREATE TABLE curve (trial INTEGER NOT NULL REFERENCES trials(number), step INTEGER NOT NULL, value REAL NOT NULL,
                    PRIMARY KEY (trial, step));
                """)
            for (key, value) in settings.merging(["tern_study_version": version], uniquingKeysWith: { a, _ in a }) {
                try study.run("INSERT INTO settings (key, value) VALUES (?, ?)", [key, value])
            }
        }
        return study
    }

    /// An existing study.
    public static func open(path: String) throws -> StudyFile {
        guard FileManager.default.fileExists(atPath: path) else { throw TuneError.missingStudy(path: path) }
        let study = try StudyFile(path: path, create: false)
        let version: String?
        do { version = try study.settings()["tern_study_version"] } catch {
            throw TuneError.badStudy(path: path, reason: "it is not a Tern study (\(error))")
        }
        guard version == StudyFile.version else {
            throw TuneError.badStudy(path: path, reason: "study format \(version ?? "none"), this tern reads \(StudyFile.version)")
        }
        return study
    }

    public func settings() throws -> [String: String] {
        var result: [String: String] = [:]
        try query("SELECT key, value FROM settings", []) { result[text($0, 0)] = text($0, 1) }
        return result
    }

    public func trials() throws -> [Trial] {
        var trials: [Trial] = []
        try query("SELECT number, state, assignment, value, seconds, message FROM trials ORDER BY number", []) { statement in
            let assignment = (try? JSONSerialization.jsonObject(with: Data(text(statement, 2).utf8))) as? [String: String] ?? [:]
            trials.append(Trial(number: Int(sqlite3_column_int64(statement, 0)), state: State(rawValue: text(statement, 1)) ?? .failed,
                                assignment: assignment,
                                value: sqlite3_column_type(statement, 3) == SQLITE_NULL ? nil : sqlite3_column_double(statement, 3),
                                seconds: sqlite3_column_double(statement, 4), curve: [:], message: text(statement, 5)))
        }
        let index = Dictionary(uniqueKeysWithValues: trials.enumerated().map { ($1.number, $0) })
        try query("SELECT trial, step, value FROM curve", []) { statement in
            if let i = index[Int(sqlite3_column_int64(statement, 0))] {
                trials[i].curve[Int(sqlite3_column_int64(statement, 1))] = sqlite3_column_double(statement, 2)
            }
        }
        return trials
    }

    /// Records a new running trial and returns its number (1, 2, …).
    public func begin(assignment: [String: String]) throws -> Int {
        let json = String(decoding: try JSONSerialization.data(withJSONObject: assignment, options: [.sortedKeys]), as: UTF8.self)
        return try transaction {
            var next = 1
            try query("SELECT COALESCE(MAX(number), 0) + 1 FROM trials", []) { next = Int(sqlite3_column_int64($0, 0)) }
            try run("INSERT INTO trials (number, state, assignment) VALUES (?, 'running', ?)", [next, json])
            return next
        }
    }

    /// The trials a killed study left running, back to a fresh start (their curves cleared); they keep their
    /// numbers and keys and run again.
    public func restartRunning() throws -> [Trial] {
        try transaction {
            try execute("DELETE FROM curve WHERE trial IN (SELECT number FROM trials WHERE state = 'running')")
            try execute("UPDATE trials SET seconds = 0 WHERE state = 'running'")
        }
        return try trials().filter { $0.state == .running }
    }

    public func record(trial: Int, step: Int, value: Double) throws {
        try transaction { try run("INSERT OR REPLACE INTO curve (trial, step, value) VALUES (?, ?, ?)", [trial, step, value]) }
    }

    public func finish(trial: Int, state: State, value: Double?, seconds: Double, message: String = "") throws {
        try transaction {
            try run("UPDATE trials SET state = ?, value = ?, seconds = ?, message = ? WHERE number = ?",
                    [state.rawValue, value as Any, seconds, message, trial])
        }
    }

    // MARK: SQLite

    private func fail(_ context: String) -> TuneError {
        .storage(path: path, reason: "\(context): \(connection.map { String(cString: sqlite3_errmsg($0)) } ?? "closed")")
    }

    private func execute(_ sql: String) throws {
        guard sqlite3_exec(connection, sql, nil, nil, nil) == SQLITE_OK else { throw fail("running \(sql.prefix(40))") }
    }

    private func transaction<T>(_ body: () throws -> T) throws -> T {
        try execute("BEGIN IMMEDIATE")
        do {
            let result = try body()
            try execute("COMMIT")
            return result
        } catch {
            try? execute("ROLLBACK")
            throw error
        }
    }

    private func prepare(_ sql: String, _ values: [Any]) throws -> OpaquePointer {
        var statement: OpaquePointer?
        guard sqlite3_prepare_v2(connection, sql, -1, &statement, nil) == SQLITE_OK, let statement else { throw fail("preparing \(sql)") }
        for (offset, value) in values.enumerated() {
            let index = Int32(offset + 1)
            switch value {
            case let value as Int: sqlite3_bind_int64(statement, index, Int64(value))
            case let value as Double: sqlite3_bind_double(statement, index, value)
            case let value as String: sqlite3_bind_text(statement, index, value, -1, StudyFile.transient)
            default: sqlite3_bind_null(statement, index)
            }
        }
        return statement
    }

    private func run(_ sql: String, _ values: [Any]) throws {
        let statement = try prepare(sql, values)
        defer { sqlite3_finalize(statement) }
        guard sqlite3_step(statement) == SQLITE_DONE else { throw fail("writing") }
    }

    private func query(_ sql: String, _ values: [Any], row: (OpaquePointer) throws -> Void) throws {
        let statement = try prepare(sql, values)
        defer { sqlite3_finalize(statement) }
        while true {
            let code = sqlite3_step(statement)
            if code == SQLITE_DONE { return }
            guard code == SQLITE_ROW else { throw fail("reading") }
            try row(statement)
        }
    }

    private func text(_ statement: OpaquePointer, _ column: Int32) -> String {
        sqlite3_column_text(statement, column).map { String(cString: $0) } ?? ""
    }
}
