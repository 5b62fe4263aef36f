import CSQLite
import Foundation

#if _endian(big)
#error("Tern model files store little-endian float32; reading them on a big-endian host needs a byte swap first.")
#endif

/// What a stored tensor belongs to: the model's parameters, or the optimizer's state for them.
enum TensorRole: String {
    case parameter
    case optimizer
}

/// Rows of the `tensors` table: one tensor each, its bytes stored as a little-endian blob — float32 (`f32`), or, in an
/// exported int8 model, a matrix quantised per row (`i8`: the row scales, then the int8 values).
///
/// Writing binds the `[Float]` storage directly (`SQLITE_STATIC`), so SQLite copies the values once, into its pages.
/// Reading uses incremental blob I/O, which copies from the pages straight into a pre-sized `[Float]`, so a tensor
/// is never assembled in an intermediate buffer either way.
enum TensorBlob {
    /// The shape as stored: a JSON array of integers, such as `[8000,256]`; `[]` for a scalar.
    static func shapeText(_ shape: [Int]) -> String {
        "[" + shape.map(String.init).joined(separator: ",") + "]"
    }

    /// Parses `shapeText`'s output; nil for anything else.
    static func parseShape(_ text: String) -> [Int]? {
        guard text.first == "[", text.last == "]" else { return nil }
        let inner = text.dropFirst().dropLast()
        if inner.isEmpty { return [] }
        var shape: [Int] = []
        for part in inner.split(separator: ",", omittingEmptySubsequences: false) {
            guard let dimension = Int(part.trimmingCharacters(in: .whitespaces)), dimension >= 0 else { return nil }
            shape.append(dimension)
        }
        return shape
    }

    /// The checksum covers the row's identity as well as its bytes, so a damaged name or shape is caught too: it is
    /// XXH64 of the blob, seeded with XXH64 of "role\nname\nshape".
    static func checksum(role: TensorRole, name: String, shapeText: String, bytes: UnsafeRawBufferPointer) -> UInt64 {
        Checksum.xxh64(bytes, seed: Checksum.xxh64("\(role.rawValue)\n\(name)\n\(shapeText)"))
    }

    /// Throws ``StoreError/invalidArgument(_:)`` for empty or duplicate names and shapes that do not match the values.
    static func validate(_ tensors: [StoredTensor], role: TensorRole) throws {
        var names = Set<String>()
        for tensor in tensors {
            guard !tensor.name.isEmpty else { throw StoreError.invalidArgument("a \(role.rawValue) tensor has an empty name") }
            guard names.insert(tensor.name).inserted else {
                throw StoreError.invalidArgument("two \(role.rawValue) tensors are named '\(tensor.name)'")
            }
            guard let count = tensor.elementCount else {
                throw StoreError.invalidArgument("tensor '\(tensor.name)' has an impossible shape \(tensor.shape)")
            }
            guard count == tensor.values.count else {
                throw StoreError.invalidArgument(
                    "tensor '\(tensor.name)' has shape \(tensor.shape) (\(count) values) but \(tensor.values.count) values")
            }
        }
    }

    /// Inserts `tensors` as rows of checkpoint `checkpointID` (``StoredTensor/int8Rows`` as dtype `i8`, the rest as
    /// `f32`); the caller holds the write transaction.
    static func insert(_ tensors: [StoredTensor], role: TensorRole, checkpointID: Int64, into database: Database) throws {
        let statement = try database.prepare("""
            INSERT INTO tensors (checkpoint_id, role, name, shape, dtype, checksum, data)
            VALUES (?, ?, ?, ?, ?, ?, ?)
            """)
        for tensor in tensors {
            let shape = shapeText(tensor.shape)
            let write = { (dtype: String, bytes: UnsafeRawBufferPointer) in
                let digest = checksum(role: role, name: tensor.name, shapeText: shape, bytes: bytes)
                try statement.bind(checkpointID, at: 1)
                try statement.bind(role.rawValue, at: 2)
                try statement.bind(tensor.name, at: 3)
                try statement.bind(shape, at: 4)
                try statement.bind(dtype, at: 5)
                try statement.bind(Checksum.stored(digest), at: 6)
                try statement.bindBorrowedBlob(bytes, at: 7)
                defer { statement.reset() }  // drops the borrowed pointer before `bytes` goes out of scope
                try statement.step()
            }
            if let rows = tensor.int8Rows {
                try int8Blob(rows).withUnsafeBytes { try write("i8", $0) }
            } else {
                try tensor.values.withUnsafeBytes { try write("f32", $0) }
            }
        }
    }

    /// An `i8` tensor's blob: the row scales as little-endian float32, then the int8 values row-major.
    static func int8Blob(_ rows: Int8Rows) -> [UInt8] {
        var blob = [UInt8]()
        blob.reserveCapacity(4 * rows.scales.count + rows.values.count)
        rows.scales.withUnsafeBytes { blob.append(contentsOf: $0) }
        rows.values.withUnsafeBytes { blob.append(contentsOf: $0) }
        return blob
    }

    /// One row's metadata, read before its blob.
    private struct RowHeader {
        var rowID: Int64
        var name: String
        var shapeText: String
        var dtype: String
        var checksum: Int64
        var byteCount: Int
    }

    /// Reads every tensor of `role` in checkpoint `checkpointID`, in the order they were saved, verifying each one's
    /// length against its shape and its bytes against its checksum. The caller holds a read transaction.
    static func read(role: TensorRole, checkpointID: Int64, from database: Database) throws -> [StoredTensor] {
        let statement = try database.prepare("""
            SELECT id, name, shape, dtype, checksum, length(data) FROM tensors
            WHERE checkpoint_id = ? AND role = ? ORDER BY id
            """)
        try statement.bind(checkpointID, at: 1)
        try statement.bind(role.rawValue, at: 2)
        var headers: [RowHeader] = []
        while try statement.step() {
            headers.append(RowHeader(rowID: statement.int64(0), name: statement.string(1), shapeText: statement.string(2),
                                     dtype: statement.string(3), checksum: statement.int64(4), byteCount: statement.int(5)))
        }
        var reader = BlobReader(database: database)
        defer { reader.close() }
        var tensors: [StoredTensor] = []
        tensors.reserveCapacity(headers.count)
        for header in headers {
            guard let shape = parseShape(header.shapeText) else {
                throw StoreError.corrupted(path: database.path,
                                           detail: "tensor '\(header.name)' has an unreadable shape '\(header.shapeText)'")
            }
            switch header.dtype {
            case "f32": tensors.append(try readFloat32(header, shape: shape, role: role, reader: &reader))
            case "i8": tensors.append(try readInt8(header, shape: shape, role: role, reader: &reader))
            default:
                throw StoreError.corrupted(path: database.path, detail: "tensor '\(header.name)' has dtype '\(header.dtype)'")
            }
        }
        return tensors
    }

    private static func readFloat32(_ header: RowHeader, shape: [Int], role: TensorRole,
                                    reader: inout BlobReader) throws -> StoredTensor {
        let database = reader.database
        let tensor = StoredTensor(name: header.name, shape: shape, values: [])
        guard let count = tensor.elementCount, count.multipliedReportingOverflow(by: 4).overflow == false,
              count * 4 == header.byteCount else {
            throw StoreError.tensorSizeMismatch(name: header.name, shape: shape,
                expectedBytes: (tensor.elementCount ?? -1) &* 4, actualBytes: header.byteCount)
        }
        let values = try [Float](unsafeUninitializedCapacity: count) { buffer, initialized in
            try reader.read(rowID: header.rowID, into: UnsafeMutableRawBufferPointer(buffer))
            initialized = count
        }
        let digest = values.withUnsafeBytes {
            checksum(role: role, name: header.name, shapeText: header.shapeText, bytes: $0)
        }
        guard Checksum.stored(digest) == header.checksum else {
            throw StoreError.corrupted(path: database.path, detail: "tensor '\(header.name)' fails its checksum")
        }
        return StoredTensor(name: header.name, shape: shape, values: values)
    }

    /// An `i8` matrix: [rows, columns], its blob 4·rows bytes of scales then rows·columns int8 values.
    private static func readInt8(_ header: RowHeader, shape: [Int], role: TensorRole,
                                 reader: inout BlobReader) throws -> StoredTensor {
        let database = reader.database
        guard shape.count == 2, let count = StoredTensor(name: header.name, shape: shape, values: []).elementCount,
              count <= Int.max - 4 * shape[0], 4 * shape[0] + count == header.byteCount else {
            throw StoreError.corrupted(path: database.path, detail: "int8 tensor '\(header.name)' of shape \(shape) has "
                + "\(header.byteCount) bytes; a matrix [rows, columns] needs 4·rows + rows·columns")
        }
        let blob = try [UInt8](unsafeUninitializedCapacity: header.byteCount) { buffer, initialized in
            try reader.read(rowID: header.rowID, into: UnsafeMutableRawBufferPointer(buffer))
            initialized = header.byteCount
        }
        let digest = blob.withUnsafeBytes { checksum(role: role, name: header.name, shapeText: header.shapeText, bytes: $0) }
        guard Checksum.stored(digest) == header.checksum else {
            throw StoreError.corrupted(path: database.path, detail: "tensor '\(header.name)' fails its checksum")
        }
        let rows = shape[0]
        let scales = blob.withUnsafeBytes { bytes in (0..<rows).map { bytes.loadUnaligned(fromByteOffset: 4 * $0, as: Float.self) } }
        let values = blob[(4 * rows)...].map { Int8(bitPattern: $0) }
        guard scales.allSatisfy({ $0.isFinite }) else {
            throw StoreError.corrupted(path: database.path, detail: "int8 tensor '\(header.name)' has a scale that is not finite")
        }
        return StoredTensor(name: header.name, shape: shape, int8Rows: Int8Rows(scales: scales, values: values))
    }
}

/// SQLite incremental blob I/O over `tensors.data`: one handle, moved from row to row with `sqlite3_blob_reopen`,
/// which is much cheaper than compiling a new handle for each tensor.
private struct BlobReader {
    let database: Database
    private var handle: OpaquePointer?

    init(database: Database) { self.database = database }

    mutating func read(rowID: Int64, into destination: UnsafeMutableRawBufferPointer) throws {
        if let handle {
            let code = sqlite3_blob_reopen(handle, rowID)
            guard code == SQLITE_OK else { throw database.error(code, "reading tensor row \(rowID)") }
        } else {
            let code = sqlite3_blob_open(try database.handle, "main", "tensors", "data", rowID, 0, &handle)
            guard code == SQLITE_OK else {
                sqlite3_blob_close(handle)
                handle = nil
                throw database.error(code, "reading tensor row \(rowID)")
            }
        }
        guard Int(sqlite3_blob_bytes(handle)) == destination.count else {
            throw StoreError.corrupted(path: database.path, detail: "tensor row \(rowID) changed length while being read")
        }
        guard let base = destination.baseAddress, destination.count > 0 else { return }
        // sqlite3_blob_read takes an Int32 length, so read tensors over 2 GB in pieces.
        var offset = 0
        while offset < destination.count {
            let length = min(destination.count - offset, 1 << 30)
            let code = sqlite3_blob_read(handle, base + offset, Int32(length), Int32(offset))
            guard code == SQLITE_OK else { throw database.error(code, "reading tensor row \(rowID)") }
            offset += length
        }
    }

    mutating func close() {
        sqlite3_blob_close(handle)
        handle = nil
    }
}
