import XCTest
@testable import TernStore

final class RoundTripTests: XCTestCase {
    func testEverythingSurvivesSaveAndReopenBitExactly() throws {
        let directory = try TemporaryDirectory()
        let path = directory.file("model.tern")
        let (model, saved) = try Fixtures.makeModel(at: path)
        model.close()

        let reopened = try ModelFile(openingAt: path, access: .readOnly)
        XCTAssertEqual(try reopened.configJSON(), Fixtures.config)
        assertEqualVocabulary(try reopened.vocabulary(.source), Fixtures.sourceVocabulary)
        assertEqualVocabulary(try reopened.vocabulary(.target), Fixtures.targetVocabulary)
        XCTAssertFalse(try reopened.hasJointVocabulary())
        assertEqualMerges(try reopened.merges(), Fixtures.merges)

        let loaded = try reopened.loadLatestCheckpoint()
        XCTAssertEqual(loaded.step, 1200)
        XCTAssertEqual(loaded.summary.epoch, 3)
        XCTAssertEqual(loaded.summary.kind, .best)
        XCTAssertEqual(loaded.summary.metrics, saved.metrics)
        XCTAssertEqual(loaded.resumeState, saved.resumeState)
        XCTAssertEqual(loaded.parameters.map(\.name), saved.parameters.map(\.name), "order is kept")
        for (stored, original) in zip(loaded.parameters + loaded.optimizerState,
                                      saved.parameters + saved.optimizerState) {
            XCTAssertEqual(stored.shape, original.shape, stored.name)
            // Compare bit patterns, so NaN payloads, -0 and denormals count.
            XCTAssertEqual(stored.values.map(\.bitPattern), original.values.map(\.bitPattern), stored.name)
        }
        XCTAssertEqual(loaded.optimizerState.map(\.name), saved.optimizerState.map(\.name))
        XCTAssertEqual(loaded.summary.parameterCount, saved.parameters.reduce(0) { $0 + $1.values.count })
        XCTAssertEqual(loaded.summary.tensorCount, 8)
        XCTAssertLessThan(abs(loaded.summary.createdAt.timeIntervalSinceNow), 60)

        let log = try reopened.trainingLog()
        XCTAssertEqual(log.count, 2)
        XCTAssertEqual(log[0].kind, .train)
        XCTAssertEqual(log[0].learningRate, 3e-4)
        XCTAssertEqual(log[0].tokensPerSecond, 12000)
        XCTAssertNil(log[1].learningRate)
        XCTAssertEqual(log[1].extra, ["bleu": 27.25, "chrf": 51.5])
        XCTAssertEqual(try reopened.trainingLog(kind: .valid).map(\.step), [1200])
        XCTAssertEqual(try reopened.trainingLog(runID: "other").count, 0)
    }

    func testStoredTensorEqualityIsBitwise() {
        let nan = StoredTensor(name: "x", shape: [2], values: [.nan, 0])
        XCTAssertEqual(nan, nan, "a NaN equals itself bitwise")
        XCTAssertNotEqual(StoredTensor(name: "x", shape: [1], values: [0]), StoredTensor(name: "x", shape: [1], values: [-0.0]))
        XCTAssertNotEqual(StoredTensor(name: "x", shape: [1], values: [Float(bitPattern: 0x7FC0_0001)]),
                          StoredTensor(name: "x", shape: [1], values: [Float(bitPattern: 0x7FC0_0002)]))
    }

    func testJointVocabularyServesBothSidesAndReplacesSeparateOnes() throws {
        let directory = try TemporaryDirectory()
        let model = try ModelFile.create(at: directory.file("joint.tern"), configJSON: "{}")
        try model.setVocabularies(source: Fixtures.sourceVocabulary, target: Fixtures.targetVocabulary)
        try model.setJointVocabulary(Fixtures.sourceVocabulary)
        XCTAssertTrue(try model.hasJointVocabulary())
        assertEqualVocabulary(try model.vocabulary(.source), Fixtures.sourceVocabulary)
        assertEqualVocabulary(try model.vocabulary(.target), Fixtures.sourceVocabulary)
        let info = try model.info()
        XCTAssertTrue(info.hasJointVocabulary)
        XCTAssertEqual(info.sourceVocabularySize, Fixtures.sourceVocabulary.count)
        XCTAssertEqual(info.targetVocabularySize, Fixtures.sourceVocabulary.count)
    }

    func testInfoSummarisesTheModel() throws {
        let directory = try TemporaryDirectory()
        let (model, saved) = try Fixtures.makeModel(at: directory.file("info.tern"))
        var later = saved
        later.step = 1300
        later.kind = .last
        later.parameters = Array(saved.parameters.prefix(2))
        try model.saveCheckpoint(later)
        let info = try model.info()
        XCTAssertEqual(info.formatVersion, 3)
        XCTAssertEqual(info.configEntries.map(\.key), ["dimensions", "family", "heads", "layers", "tied"])
        XCTAssertEqual(info.configEntries.first { $0.key == "family" }?.value, "transformer")
        XCTAssertEqual(info.configEntries.first { $0.key == "layers" }?.value, #"{"decoder":2,"encoder":2}"#)
        XCTAssertEqual(info.sourceVocabularySize, 9)
        XCTAssertEqual(info.targetVocabularySize, 4)
        XCTAssertEqual(info.mergeCount, 4)
        XCTAssertEqual(info.checkpoints.map(\.step), [1200, 1300])
        XCTAssertEqual(info.parameterCount, 50 * 16 + 16 * 16, "counts the newest checkpoint's parameters only")
        XCTAssertEqual(info.lastLogEntry?.step, 1200)
        XCTAssertEqual(info.lastLogEntry?.kind, .valid)
        XCTAssertGreaterThan(info.fileBytes, 0)
    }

    func testConfigCanBeReplacedAndMustBeAnObject() throws {
        let directory = try TemporaryDirectory()
        let model = try ModelFile.create(at: directory.file("config.tern"), configJSON: "{}")
        try model.setConfigJSON(#"{"family":"rnn"}"#)
        XCTAssertEqual(try model.configJSON(), #"{"family":"rnn"}"#)
        assertStoreError(try model.setConfigJSON("[1,2]")) { if case .invalidArgument = $0 { true } else { false } }
        assertStoreError(try ModelFile.create(at: directory.file("bad.tern"), configJSON: "family: rnn"))
        XCTAssertFalse(FileManager.default.fileExists(atPath: directory.file("bad.tern")), "no file is left behind")
    }

    func testInvalidCheckpointsAreRefusedAndLeaveNoTrace() throws {
        let directory = try TemporaryDirectory()
        let (model, saved) = try Fixtures.makeModel(at: directory.file("invalid.tern"))
        func isInvalid(_ error: StoreError) -> Bool { if case .invalidArgument = error { true } else { false } }
        let tensor = StoredTensor(name: "w", shape: [2], values: [1, 2])
        let attempts: [CheckpointContents] = [
            CheckpointContents(step: 2, epoch: 1, parameters: [StoredTensor(name: "", shape: [1], values: [1])]),
            CheckpointContents(step: 2, epoch: 1, parameters: [tensor, tensor]),
            CheckpointContents(step: 2, epoch: 1, parameters: [StoredTensor(name: "w", shape: [3], values: [1, 2])]),
            CheckpointContents(step: 2, epoch: 1, parameters: [StoredTensor(name: "w", shape: [-1], values: [])]),
            CheckpointContents(step: 2, epoch: 1, parameters: [StoredTensor(name: "w", shape: [Int.max, 4], values: [])]),
            CheckpointContents(step: 2, epoch: 1, metrics: ["bleu": .nan], parameters: [tensor]),
            CheckpointContents(step: 2, epoch: 1, parameters: [tensor], resumeState: "{step: 2"),
            CheckpointContents(step: 2, epoch: 1, parameters: [tensor], optimizerState: [tensor, tensor]),
        ]
        for attempt in attempts {
            assertStoreError(try model.saveCheckpoint(attempt), isInvalid)
        }
        // The same name may appear once among parameters and once among optimizer tensors.
        try model.saveCheckpoint(CheckpointContents(step: 2, epoch: 1, parameters: [tensor], optimizerState: [tensor]))
        XCTAssertEqual(try model.checkpoints().map(\.step), [1200, 2].sorted())
        assertStoreError(try model.saveCheckpoint(saved, retention: RetentionPolicy(keepLast: 0)), isInvalid)
        assertStoreError(try model.saveCheckpoint(saved, retention: RetentionPolicy(keepLast: 1, keepBest: 1)), isInvalid)
        assertStoreError(try model.setJointVocabulary([("a", 1), ("a", 2)]), isInvalid)
        assertStoreError(try model.appendTrainingLog([TrainingLogEntry(runID: "r", step: 1, epoch: 1, kind: .train,
                                                                        loss: .infinity)]), isInvalid)
        XCTAssertEqual(try model.checkpoints().count, 2)
        XCTAssertEqual(try model.database.integer("SELECT count(*) FROM tensors"), 8 + 2)
        assertEqualVocabulary(try model.vocabulary(.source), Fixtures.sourceVocabulary)
    }

    func testMissingCheckpointsAreReported() throws {
        let directory = try TemporaryDirectory()
        let model = try ModelFile.create(at: directory.file("empty.tern"), configJSON: "{}")
        func isMissing(_ error: StoreError) -> Bool { if case .missingCheckpoint = error { true } else { false } }
        assertStoreError(try model.loadLatestCheckpoint(), isMissing)
        assertStoreError(try model.loadCheckpoint(id: 42), isMissing)
        try model.saveCheckpoint(CheckpointContents(step: 1, epoch: 1, parameters: []))
        assertStoreError(try model.loadBestCheckpoint(metric: "bleu", higherIsBetter: true), isMissing)
        XCTAssertEqual(try model.loadLatestCheckpoint().parameters.count, 0)
        XCTAssertEqual(try model.info().parameterCount, 0)
        XCTAssertEqual(try model.vocabulary(.source).count, 0)
        XCTAssertEqual(try model.merges().count, 0)
    }

    func testClosedModelRefusesUse() throws {
        let directory = try TemporaryDirectory()
        let model = try ModelFile.create(at: directory.file("closed.tern"), configJSON: "{}")
        model.close()
        assertStoreError(try model.configJSON()) { if case .closed = $0 { true } else { false } }
        XCTAssertFalse(FileManager.default.fileExists(atPath: directory.file("closed.tern-wal")),
                       "closing the last connection folds the WAL into the file")
    }

    func testACompactedCopyReadsAndReturnsToWALWhenWritten() throws {
        let directory = try TemporaryDirectory()
        let (model, saved) = try Fixtures.makeModel(at: directory.file("live.tern"))
        let copy = directory.file("copy.tern")
        try model.database.execute("VACUUM INTO '\(copy)'")
        let reader = try ModelFile(openingAt: copy, access: .readOnly)
        XCTAssertEqual(try reader.database.text("PRAGMA journal_mode"), "delete")
        XCTAssertEqual(try reader.loadLatestCheckpoint().parameters, saved.parameters)
        reader.close()
        let writer = try ModelFile(openingAt: copy)
        XCTAssertEqual(try writer.database.text("PRAGMA journal_mode"), "wal")
        XCTAssertEqual(try writer.database.integer("PRAGMA page_size"), 65536)
    }
}
