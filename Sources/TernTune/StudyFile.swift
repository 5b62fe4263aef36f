import Foundation
import TernStore

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
    /// The connection (TernStore's, so opening, transactions and statements are written once in the project).
    private let database: Database
    static let version = "1"

    private init(path: String, create: Bool) throws {
        self.path = path
        database = try StudyFile.storage(path) { try Database(path: path, access: create ? .create : .readWrite) }
        do { try database.execute("PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;") } catch {
            throw create ? StudyFile.storageError(path, error)
                : TuneError.badStudy(path: path, reason: "it is not an SQLite database (a text file, another format, or a damaged header)")
        }
    }

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
        try query("SELECT key, value FROM settings", []) { result[$0.string(0)] = $0.string(1) }
        return result
    }

    public func trials() throws -> [Trial] {
        var trials: [Trial] = []
        try query("SELECT number, state, assignment, value, seconds, message FROM trials ORDER BY number", []) { statement in
            let assignment = (try? JSONSerialization.jsonObject(with: Data(statement.string(2).utf8))) as? [String: String] ?? [:]
            trials.append(Trial(number: statement.int(0), state: State(rawValue: statement.string(1)) ?? .failed,
                                assignment: assignment, value: statement.optionalDouble(3),
                                seconds: statement.double(4), curve: [:], message: statement.string(5)))
        }
        let index = Dictionary(uniqueKeysWithValues: trials.enumerated().map { ($1.number, $0) })
        try query("SELECT trial, step, value FROM curve", []) { statement in
            if let i = index[statement.int(0)] {
                trials[i].curve[statement.int(1)] = statement.double(2)
            }
        }
        return trials
    }

    /// Records a new running trial and returns its number (1, 2, …).
    public func begin(assignment: [String: String]) throws -> Int {
        let json = String(decoding: try JSONSerialization.data(withJSONObject: assignment, options: [.sortedKeys]), as: UTF8.self)
        return try transaction {
            var next = 1
            try query("SELECT COALESCE(MAX(number), 0) + 1 FROM trials", []) { next = $0.int(0) }
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
                    [state.rawValue, value, seconds, message, trial])
        }
    }

    // MARK: SQLite, through TernStore's Database (its StoreErrors become this study's TuneError.storage)

    private static func storageError(_ path: String, _ error: Error) -> Error {
        error is TuneError ? error : TuneError.storage(path: path, reason: "\(error)")
    }

    private static func storage<T>(_ path: String, _ body: () throws -> T) throws -> T {
        do { return try body() } catch { throw storageError(path, error) }
    }

    private func execute(_ sql: String) throws { try StudyFile.storage(path) { try database.execute(sql) } }

    private func transaction<T>(_ body: () throws -> T) throws -> T {
        try StudyFile.storage(path) { try database.writeTransaction(body) }
    }

    /// A statement with `values` bound in order: Int, Double, String, or nil (an optional Double).
    private func prepare(_ sql: String, _ values: [Any?]) throws -> Statement {
        let statement = try database.prepare(sql)
        for (offset, value) in values.enumerated() {
            let index = Int32(offset + 1)
            switch value {
            case let value as Int: try statement.bind(value, at: index)
            case let value as Double: try statement.bind(value, at: index)
            case let value as String: try statement.bind(value, at: index)
            default: try statement.bind(Double?.none, at: index)
            }
        }
        return statement
    }

    private func run(_ sql: String, _ values: [Any?]) throws {
        try StudyFile.storage(path) { try prepare(sql, values).step() }
    }

    private func query(_ sql: String, _ values: [Any?], row: (Statement) throws -> Void) throws {
        try StudyFile.storage(path) {
            let statement = try prepare(sql, values)
            while try statement.step() { try row(statement) }
        }
    }
}
