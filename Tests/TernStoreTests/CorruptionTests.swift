import XCTest
@testable import TernStore

/// Damaged and foreign files must be refused with a StoreError: never a crash, never silently wrong data.
final class CorruptionTests: XCTestCase {
    /// Everything a reader can get out of a model, for comparing a damaged copy with the original.
    private struct Contents: Equatable {
        var config: String
        var source: [String], target: [String], frequencies: [Int]
        var merges: [String]
        var checkpoints: [CheckpointSummary]
        var tensors: [[StoredTensor]]
        var resumeStates: [String]
        var log: [TrainingLogEntry]
    }

    private func readEverything(_ path: String) throws -> Contents {
        let model = try ModelFile(openingAt: path, access: .readOnly)
        defer { model.close() }
        let checkpoints = try model.checkpoints()
        let loaded = try checkpoints.map { try model.loadCheckpoint(id: $0.id) }
        let source = try model.vocabulary(.source), target = try model.vocabulary(.target)
        return Contents(config: try model.configJSON(), source: source.map(\.token), target: target.map(\.token),
                        frequencies: (source + target).map(\.frequency),
                        merges: try model.merges().map { $0.left + " " + $0.right }, checkpoints: checkpoints,
                        tensors: loaded.map { $0.parameters + $0.optimizerState }, resumeStates: loaded.map(\.resumeState),
                        log: try model.trainingLog())
    }

    /// A closed model whose bytes are mostly tensor data, so that random damage mostly lands in tensors.
    private func makeDamageableModel(in directory: TemporaryDirectory) throws -> (path: String, bytes: [UInt8]) {
        let path = directory.file("original.tern")
        let (model, saved) = try Fixtures.makeModel(at: path, parameterScale: 60)
        var second = saved
        second.step = 2000
        second.parameters = Fixtures.parameters(seed: 9, scale: 60)
        try model.saveCheckpoint(second)
        model.close()
        return (path, Array(try Data(contentsOf: URL(fileURLWithPath: path))))
    }

    /// Either a StoreError, or contents identical to the original (damage in unused page space is harmless).
    private func assertRejectedOrIdentical(_ path: String, _ original: Contents, _ what: String) -> Bool {
        do {
            let contents = try readEverything(path)
            XCTAssertEqual(contents, original, "\(what): opened without error but with different contents")
            return false
        } catch is StoreError {
            return true
        } catch {
            XCTFail("\(what): expected a StoreError, got \(error)")
            return false
        }
    }

    func testTruncatedCopiesAreRejected() throws {
        let directory = try TemporaryDirectory()
        let (path, bytes) = try makeDamageableModel(in: directory)
        let original = try readEverything(path)
        var generator = SeededGenerator(seed: 20)
        var rejected = 0
        for trial in 0..<20 {
            let length = Int.random(in: 0..<bytes.count, using: &generator)
            let copy = directory.file("truncated-\(trial).tern")
            try Data(bytes[0..<length]).write(to: URL(fileURLWithPath: copy))
            if assertRejectedOrIdentical(copy, original, "truncated at \(length) of \(bytes.count)") { rejected += 1 }
        }
        XCTAssertGreaterThanOrEqual(rejected, 15, "nearly every truncation loses data and must be noticed")
    }

    func testCopiesWithFlippedBytesAreRejectedOrIdentical() throws {
        let directory = try TemporaryDirectory()
        let (path, bytes) = try makeDamageableModel(in: directory)
        let original = try readEverything(path)
        var generator = SeededGenerator(seed: 21)
        var rejected = 0
        for trial in 0..<24 {
            var damaged = bytes
            var offsets: [Int] = []
            for _ in 0..<Int.random(in: 1...3, using: &generator) {
                let offset = Int.random(in: 0..<damaged.count, using: &generator)
                damaged[offset] ^= UInt8.random(in: 1...255, using: &generator)
                offsets.append(offset)
            }
            let copy = directory.file("flipped-\(trial).tern")
            try Data(damaged).write(to: URL(fileURLWithPath: copy))
            if assertRejectedOrIdentical(copy, original, "bytes flipped at \(offsets)") { rejected += 1 }
        }
        // Most of the file is tensor data, so most flips must be caught by a checksum; the rest fall in free space.
        XCTAssertGreaterThanOrEqual(rejected, 8)
    }

    /// Damage made through SQLite itself: every structure is valid, only the values are wrong.
    func testValueDamageIsCaughtByChecksums() throws {
        let directory = try TemporaryDirectory()
        let path = directory.file("values.tern")
        try Fixtures.makeModel(at: path).model.close()
        let edits = [
            "UPDATE tensors SET data = randomblob(length(data)) WHERE name = 'encoder.layers.0.self_attn.q_proj.bias'",
            "UPDATE tensors SET name = 'encoder.layers.1.self_attn.q_proj.bias' WHERE name = 'encoder.layers.0.self_attn.q_proj.bias'",
            "UPDATE tensors SET shape = '[8,2]' WHERE name = 'encoder.layers.0.self_attn.q_proj.bias'",
            "DELETE FROM tensors WHERE name = 'decoder.output.scale'",
            "UPDATE checkpoints SET step = 1201",
            "UPDATE checkpoints SET metrics = '{\"bleu\":99}'",
            "UPDATE vocabulary SET token = 'lb' WHERE token = 'la'",
            "DELETE FROM vocabulary WHERE token = '<s>'",
            "UPDATE merges SET right = 'f' WHERE rank = 1",
            "UPDATE config SET json = '{\"family\":\"rnn\"}'",
            "UPDATE training_log SET loss = 0.5",
        ]
        for (index, edit) in edits.enumerated() {
            let copy = directory.file("edit-\(index).tern")
            try FileManager.default.copyItem(atPath: path, toPath: copy)
            let raw = try Database(path: copy, access: .readWrite)
            try raw.execute(edit)
            raw.close()
            do {
                _ = try readEverything(copy)
                XCTFail("\(edit): read without error")
            } catch let error as StoreError {
                guard case .corrupted = error else { XCTFail("\(edit): \(error)"); continue }
            }
        }
    }

    func testTensorWhoseBlobDoesNotMatchItsShapeIsReported() throws {
        let directory = try TemporaryDirectory()
        let path = directory.file("short.tern")
        try Fixtures.makeModel(at: path).model.close()
        let raw = try Database(path: path, access: .readWrite)
        try raw.execute("UPDATE tensors SET data = substr(data, 1, length(data) - 4) WHERE name = 'encoder.embedding.weight'")
        raw.close()
        let model = try ModelFile(openingAt: path, access: .readOnly)
        let error = assertStoreError(try model.loadLatestCheckpoint()) {
            if case .tensorSizeMismatch("encoder.embedding.weight", [50, 16], 3200, 3196) = $0 { true } else { false }
        }
        XCTAssertTrue(error?.description.contains("encoder.embedding.weight") ?? false)
    }

    func testTextFilesAndOtherDatabasesAreNotModels() throws {
        let directory = try TemporaryDirectory()
        let text = directory.file("notes.tern")
        try String(repeating: "this is not a model\n", count: 200).write(toFile: text, atomically: false, encoding: .utf8)
        for access in [ModelFile.Access.readOnly, .readWrite] {
            let error = assertStoreError(try ModelFile(openingAt: text, access: access)) {
                if case .notSQLite = $0 { true } else { false }
            }
            XCTAssertTrue(error?.description.contains("not an SQLite database") ?? false)
        }

        let other = directory.file("other.db")
        let database = try Database(path: other, access: .create)
        try database.execute("CREATE TABLE people (name TEXT); INSERT INTO people VALUES ('Ada')")
        database.close()
        assertStoreError(try ModelFile(openingAt: other)) {
            if case .notATernModel(_, let reason) = $0 { reason.contains("people") } else { false }
        }

        let empty = directory.file("empty.tern")
        XCTAssertTrue(FileManager.default.createFile(atPath: empty, contents: Data()))
        assertStoreError(try ModelFile(openingAt: empty)) { if case .notATernModel = $0 { true } else { false } }

        assertStoreError(try ModelFile(openingAt: directory.file("missing.tern"))) {
            if case .fileNotFound = $0 { true } else { false }
        }
    }

    func testNewerFormatIsRefused() throws {
        let directory = try TemporaryDirectory()
        let path = directory.file("future.tern")
        try Fixtures.makeModel(at: path).model.close()
        let raw = try Database(path: path, access: .readWrite)
        try raw.execute("PRAGMA user_version = 7")
        raw.close()
        let error = assertStoreError(try ModelFile(openingAt: path, access: .readOnly)) {
            $0 == .newerFormat(path: path, found: 7, supported: 3)
        }
        XCTAssertTrue(error?.description.contains("Upgrade tern") ?? false)
    }

    func testCreateNeverOverwrites() throws {
        let directory = try TemporaryDirectory()
        let text = directory.file("precious.txt")
        try "keep me".write(toFile: text, atomically: false, encoding: .utf8)
        assertStoreError(try ModelFile.create(at: text, configJSON: "{}")) { $0 == .fileExists(path: text, isTernModel: false) }
        XCTAssertEqual(try String(contentsOfFile: text, encoding: .utf8), "keep me")

        let model = directory.file("model.tern")
        try Fixtures.makeModel(at: model).model.close()
        let before = try Data(contentsOf: URL(fileURLWithPath: model))
        assertStoreError(try ModelFile.create(at: model, configJSON: "{}")) { $0 == .fileExists(path: model, isTernModel: true) }
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: model)), before)

        assertStoreError(try ModelFile.create(at: directory.file("no/such/dir.tern"), configJSON: "{}")) {
            if case .fileNotFound = $0 { true } else { false }
        }
    }
}
