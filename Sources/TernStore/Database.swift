import CSQLite
import Foundation

/// SQLite's "copy the value now" destructor. The C macro `SQLITE_TRANSIENT` is a cast of -1 that Swift cannot import.
let sqliteTransient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

/// One SQLite connection: opening, pragmas, transactions and prepared statements.
///
/// Everything above this type speaks in ``StoreError``s; this is the only place that turns SQLite result codes into
/// them. A connection is used from one thread at a time (it is opened with `SQLITE_OPEN_NOMUTEX`); open one per thread.
package final class Database {
    /// How a connection opens its file.
    package enum Access {
        /// `SQLITE_OPEN_READONLY`: never writes, and reads a snapshot while another process writes.
        case readOnly
        /// Reads and writes an existing file.
        case readWrite
        /// Reads and writes, creating the file if it does not exist.
        case create
    }

    /// The connection; nil once closed, after which every call throws ``StoreError/closed(path:)``.
    private var connection: OpaquePointer?
    let path: String
    let isReadOnly: Bool
    private var inTransaction = false

    /// The open connection, for SQLite calls made outside this type.
    var handle: OpaquePointer {
        get throws {
            guard let connection else { throw StoreError.closed(path: path) }
            return connection
        }
    }

    /// Opens a connection.
    /// - Parameters:
    ///   - path: the database file.
    ///   - access: read-only, read-write, or create.
    ///   - busyTimeout: how long to wait on another connection's lock before failing with ``StoreError/busy(path:)``.
    package init(path: String, access: Access, busyTimeout: Duration = .seconds(10)) throws {
        var flags = SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_EXRESCODE
        switch access {
        case .readOnly: flags |= SQLITE_OPEN_READONLY
        case .readWrite: flags |= SQLITE_OPEN_READWRITE
        case .create: flags |= SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE
        }
        var connection: OpaquePointer?
        let code = sqlite3_open_v2(path, &connection, flags, nil)
        guard code == SQLITE_OK, let connection else {
            let message = connection.map { String(cString: sqlite3_errmsg($0)) } ?? "out of memory"
            sqlite3_close_v2(connection)
            throw Database.storeError(code: code, message: message, path: path, context: "opening the file")
        }
        self.connection = connection
        self.path = path
        isReadOnly = access == .readOnly
        let milliseconds = busyTimeout.components.seconds * 1000 + busyTimeout.components.attoseconds / 1_000_000_000_000_000
        sqlite3_busy_timeout(connection, Int32(clamping: milliseconds))
    }

    deinit { close() }

    /// Closes the connection; idempotent.
    func close() {
        // close_v2 defers the close until every statement is finalized, so a statement outliving us is harmless.
        sqlite3_close_v2(connection)
        connection = nil
    }

    /// Turns an SQLite result code into the ``StoreError`` a user can act on.
    static func storeError(code: Int32, message: String, path: String, context: String) -> StoreError {
        switch code & 0xFF {
        case SQLITE_NOTADB: return .notSQLite(path: path)
        case SQLITE_CORRUPT: return .corrupted(path: path, detail: "\(message) while \(context)")
        case SQLITE_BUSY, SQLITE_LOCKED: return .busy(path: path)
        case SQLITE_READONLY: return .readOnly(path: path)
        case SQLITE_CANTOPEN: return .fileNotFound(path: path)
        case SQLITE_IOERR where code == SQLITE_IOERR | (2 << 8):  // SQLITE_IOERR_SHORT_READ, a macro Swift cannot import
            return .corrupted(path: path, detail: "the file is shorter than its header says (truncated?)")
        default: return .sqlite(code: code, message: message, context: context)
        }
    }

    /// The error for a failed call on this connection, with SQLite's own message.
    func error(_ code: Int32, _ context: String) -> StoreError {
        let message = connection.map { String(cString: sqlite3_errmsg($0)) } ?? "the connection is closed"
        return Database.storeError(code: code, message: message, path: path, context: context)
    }

    /// Runs one or more statements that return no rows.
    package func execute(_ sql: String) throws {
        let code = sqlite3_exec(try handle, sql, nil, nil, nil)
        guard code == SQLITE_OK else { throw error(code, "running \(sql.prefix(60))") }
    }

    /// Compiles a statement.
    package func prepare(_ sql: String) throws -> Statement {
        var statement: OpaquePointer?
        let code = sqlite3_prepare_v3(try handle, sql, -1, 0, &statement, nil)
        guard code == SQLITE_OK, let statement else { throw error(code, "preparing \(sql.prefix(60))") }
        return Statement(handle: statement, database: self, sql: sql)
    }

    /// The first column of the first row of a query, as an integer; nil if there is no row or it is NULL.
    func integer(_ sql: String) throws -> Int64? {
        let statement = try prepare(sql)
        guard try statement.step(), !statement.isNull(0) else { return nil }
        return statement.int64(0)
    }

    /// The first column of the first row of a query, as text; nil if there is no row or it is NULL.
    func text(_ sql: String) throws -> String? {
        let statement = try prepare(sql)
        guard try statement.step(), !statement.isNull(0) else { return nil }
        return statement.string(0)
    }

    /// Runs `body` inside one write transaction: all of it is committed, or none of it.
    ///
    /// `BEGIN IMMEDIATE` takes the write lock up front. A deferred transaction that reads first and writes later can
    /// fail with `SQLITE_BUSY_SNAPSHOT` when another writer committed in between; taking the lock first waits instead.
    package func writeTransaction<Result>(_ body: () throws -> Result) throws -> Result {
        guard !isReadOnly else { throw StoreError.readOnly(path: path) }
        precondition(!inTransaction, "Tern store transactions do not nest")
        try execute("BEGIN IMMEDIATE")
        inTransaction = true
        defer { inTransaction = false }
        do {
            let result = try body()
            try execute("COMMIT")
            return result
        } catch {
            // The COMMIT itself may have failed; ROLLBACK then fails too when SQLite already rolled back, which is fine.
            sqlite3_exec(connection, "ROLLBACK", nil, nil, nil)
            throw error
        }
    }

    /// Runs `body` inside one read transaction, so that every query in it sees the same snapshot of the file even
    /// while another process commits (for example, prunes the checkpoint being read).
    /// Inside a transaction that is already open (a write, or one begun by hand), `body` simply joins it.
    func readTransaction<Result>(_ body: () throws -> Result) throws -> Result {
        if sqlite3_get_autocommit(try handle) == 0 { return try body() }
        try execute("BEGIN DEFERRED")
        inTransaction = true
        defer { inTransaction = false }
        do {
            let result = try body()
            try execute("COMMIT")
            return result
        } catch {
            sqlite3_exec(connection, "ROLLBACK", nil, nil, nil)
            throw error
        }
    }
}

/// A prepared statement. Bind parameters are 1-based and columns 0-based, as in SQLite's C API.
package final class Statement {
    let handle: OpaquePointer
    unowned let database: Database
    let sql: String

    init(handle: OpaquePointer, database: Database, sql: String) {
        self.handle = handle
        self.database = database
        self.sql = sql
    }

    deinit { sqlite3_finalize(handle) }

    private func check(_ code: Int32) throws {
        guard code == SQLITE_OK else { throw database.error(code, "binding a value for \(sql.prefix(60))") }
    }

    package func bind(_ value: Int64, at index: Int32) throws { try check(sqlite3_bind_int64(handle, index, value)) }
    package func bind(_ value: Int, at index: Int32) throws { try bind(Int64(value), at: index) }
    package func bind(_ value: Double, at index: Int32) throws { try check(sqlite3_bind_double(handle, index, value)) }
    package func bind(_ value: String, at index: Int32) throws {
        try check(sqlite3_bind_text64(handle, index, value, UInt64(value.utf8.count), sqliteTransient, UInt8(SQLITE_UTF8)))
    }
    package func bind(_ value: Double?, at index: Int32) throws {
        if let value { try bind(value, at: index) } else { try check(sqlite3_bind_null(handle, index)) }
    }

    /// Binds a blob without copying it (`SQLITE_STATIC`).
    ///
    /// The bytes must stay valid and unchanged until the statement has been stepped and reset; callers bind inside
    /// `withUnsafeBytes` and step before the closure returns. This is what lets a 50 MB tensor reach SQLite's pages
    /// with one copy.
    func bindBorrowedBlob(_ bytes: UnsafeRawBufferPointer, at index: Int32) throws {
        // A zero-length blob must still be a blob, not NULL, so give SQLite a valid pointer.
        let base = bytes.baseAddress ?? UnsafeRawPointer(bitPattern: 1)!
        try check(sqlite3_bind_blob64(handle, index, base, UInt64(bytes.count), nil))
    }

    /// Advances to the next row; true while there is one. A statement that returns no rows is done after one step.
    @discardableResult
    package func step() throws -> Bool {
        let code = sqlite3_step(handle)
        switch code {
        case SQLITE_ROW: return true
        case SQLITE_DONE: return false
        default: throw database.error(code, "running \(sql.prefix(60))")
        }
    }

    /// Makes the statement ready to run again and drops its bindings (so no borrowed blob pointer outlives its use).
    func reset() {
        sqlite3_reset(handle)
        sqlite3_clear_bindings(handle)
    }

    func isNull(_ column: Int32) -> Bool { sqlite3_column_type(handle, column) == SQLITE_NULL }
    func int64(_ column: Int32) -> Int64 { sqlite3_column_int64(handle, column) }
    package func int(_ column: Int32) -> Int { Int(sqlite3_column_int64(handle, column)) }
    package func double(_ column: Int32) -> Double { sqlite3_column_double(handle, column) }
    package func optionalDouble(_ column: Int32) -> Double? { isNull(column) ? nil : double(column) }
    package func string(_ column: Int32) -> String {
        guard let text = sqlite3_column_text(handle, column) else { return "" }
        let count = Int(sqlite3_column_bytes(handle, column))
        return String(decoding: UnsafeBufferPointer(start: text, count: count), as: UTF8.self)
    }
}
