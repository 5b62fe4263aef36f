import XCTest
@testable import TernStore

/// A trainer writes while `tern info` or a translator reads: WAL lets readers see the last committed state.
final class ConcurrencyTests: XCTestCase {
    func testReadOnlyOpenReadsWhileAWriterHoldsTheDatabase() throws {
        let directory = try TemporaryDirectory()
        let path = directory.file("shared.tern")
        let (writer, saved) = try Fixtures.makeModel(at: path)

        // The writer is in the middle of a save: it holds the write lock and has written uncommitted rows.
        try writer.database.execute("BEGIN IMMEDIATE")
        var next = saved
        next.step = 1300
        _ = try CheckpointRecord.insert(next, into: writer.database)

        let reader = try ModelFile(openingAt: path, access: .readOnly)
        XCTAssertTrue(reader.isReadOnly)
        XCTAssertEqual(try reader.loadLatestCheckpoint().step, 1200, "the reader sees the last committed state")
        XCTAssertEqual(try reader.info().checkpoints.count, 1)
        assertEqualVocabulary(try reader.vocabulary(.target), Fixtures.targetVocabulary)

        try writer.database.execute("COMMIT")
        XCTAssertEqual(try reader.loadLatestCheckpoint().step, 1300, "a new read sees the new commit")
        XCTAssertEqual(try reader.loadLatestCheckpoint().parameters, saved.parameters)
    }

    func testReadOnlyConnectionRefusesWrites() throws {
        let directory = try TemporaryDirectory()
        let path = directory.file("readonly.tern")
        try Fixtures.makeModel(at: path).model.close()
        let reader = try ModelFile(openingAt: path, access: .readOnly)
        func isReadOnly(_ error: StoreError) -> Bool { if case .readOnly = error { true } else { false } }
        assertStoreError(try reader.setMerges([]), isReadOnly)
        assertStoreError(try reader.saveCheckpoint(CheckpointContents(step: 1, epoch: 1, parameters: [])), isReadOnly)
        assertEqualMerges(try reader.merges(), Fixtures.merges)
    }

    func testAReadSnapshotSurvivesPruningByTheWriter() throws {
        let directory = try TemporaryDirectory()
        let path = directory.file("snapshot.tern")
        let (writer, saved) = try Fixtures.makeModel(at: path)
        let oldID = try writer.checkpoints()[0].id
        let reader = try ModelFile(openingAt: path, access: .readOnly)

        // The reader starts a read (as loadCheckpoint does) before the writer prunes the checkpoint away.
        try reader.database.execute("BEGIN")
        XCTAssertEqual(try reader.database.integer("SELECT count(*) FROM checkpoints"), 1)
        var next = saved
        next.step = 1300
        try writer.saveCheckpoint(next, retention: RetentionPolicy(keepLast: 1))
        XCTAssertEqual(try writer.checkpoints().map(\.step), [1300])

        let old = try reader.loadCheckpoint(id: oldID)
        XCTAssertEqual(old.step, 1200)
        XCTAssertEqual(old.parameters, saved.parameters)
        try reader.database.execute("COMMIT")
        assertStoreError(try reader.loadCheckpoint(id: oldID)) { if case .missingCheckpoint = $0 { true } else { false } }
    }
}
