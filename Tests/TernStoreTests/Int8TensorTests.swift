import XCTest
@testable import TernStore

/// Format version 3: int8 matrices (dtype `i8`, the row scales then the values) as exported models store them, and
/// the migration of a version-2 file.
final class Int8TensorTests: XCTestCase {
    /// Two rows of three: 0.5·[1, -2, 127] and 0.25·[-127, 0, 3].
    let rows = Int8Rows(scales: [0.5, 0.25], values: [1, -2, 127, -127, 0, 3])

    func testInt8RowsRoundTripAndStandForScaleTimesValue() throws {
        let directory = try TemporaryDirectory()
        let path = directory.file("int8.tern")
        let model = try ModelFile.create(at: path, configJSON: "{}", pageSize: ModelFile.exportPageSize)
        let matrix = StoredTensor(name: "w", shape: [2, 3], int8Rows: rows)
        XCTAssertEqual(matrix.values, [0.5, -1, 63.5, -31.75, 0, 0.75], "worked by hand")
        let bias = StoredTensor(name: "b", shape: [2], values: [0.125, -3])
        try model.saveCheckpoint(CheckpointContents(step: 1, epoch: 1, parameters: [matrix, bias]))
        model.close()

        let reader = try ModelFile(openingAt: path, access: .readOnly)
        let loaded = try reader.loadLatestCheckpoint().parameters
        XCTAssertEqual(loaded[0].int8Rows, rows)
        XCTAssertEqual(loaded[0].values, [0.5, -1, 63.5, -31.75, 0, 0.75])
        XCTAssertNil(loaded[1].int8Rows)
        XCTAssertEqual(loaded[1], bias)
        XCTAssertEqual(try reader.checkpoints()[0].parameterCount, 8, "6 int8 values and 2 floats")
        XCTAssertEqual(try reader.database.text("SELECT dtype FROM tensors WHERE name = 'w'"), "i8")
        XCTAssertEqual(try reader.database.integer("SELECT length(data) FROM tensors WHERE name = 'w'"), 4 * 2 + 6)
        XCTAssertEqual(try reader.database.integer("PRAGMA page_size"), 4096)
    }

    func testADamagedInt8TensorIsReported() throws {
        let directory = try TemporaryDirectory()
        let path = directory.file("damaged.tern")
        let model = try ModelFile.create(at: path, configJSON: "{}")
        try model.saveCheckpoint(CheckpointContents(step: 1, epoch: 1, parameters: [StoredTensor(name: "w", shape: [2, 3], int8Rows: rows)]))
        // One value changed (127 → 126), the blob's length kept.
        var blob = TensorBlob.int8Blob(rows)
        blob[10] = 126
        try replaceBlob(of: "w", with: blob, in: model)
        XCTAssertThrowsError(try model.loadLatestCheckpoint()) { error in
            XCTAssertEqual(error as? StoreError, .corrupted(path: path, detail: "tensor 'w' fails its checksum"))
        }
        try replaceBlob(of: "w", with: Array(blob.prefix(12)), in: model)
        XCTAssertThrowsError(try model.loadLatestCheckpoint()) { error in
            XCTAssertEqual(error as? StoreError, .corrupted(path: path, detail: "int8 tensor 'w' of shape [2, 3] has 12 bytes; "
                + "a matrix [rows, columns] needs 4·rows + rows·columns"))
        }
    }

    func replaceBlob(of name: String, with bytes: [UInt8], in model: ModelFile) throws {
        let statement = try model.database.prepare("UPDATE tensors SET data = ? WHERE name = ?")
        try bytes.withUnsafeBytes { raw in
            try statement.bindBorrowedBlob(raw, at: 1)
            try statement.bind(name, at: 2)
            defer { statement.reset() }
            try statement.step()
        }
    }

    /// A version-2 file reads as it is and is raised to 3 by a writer; its checkpoints are untouched.
    func testAVersionTwoFileIsMigratedByAWriter() throws {
        let directory = try TemporaryDirectory()
        let path = directory.file("v2.tern")
        let model = try ModelFile.create(at: path, configJSON: "{}")
        let weights = StoredTensor(name: "w", shape: [2], values: [1, 2])
        try model.saveCheckpoint(CheckpointContents(step: 5, epoch: 1, parameters: [weights], optimizerState: [weights]))
        try model.database.execute("PRAGMA user_version = 2")
        model.close()
        let reader = try ModelFile(openingAt: path, access: .readOnly)
        XCTAssertEqual(try reader.info().formatVersion, 2)
        reader.close()
        let writer = try ModelFile(openingAt: path, access: .readWrite)
        XCTAssertEqual(try writer.info().formatVersion, 3)
        XCTAssertEqual(try writer.loadLatestCheckpoint().optimizerState, [weights])
    }
}
