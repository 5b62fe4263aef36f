#if canImport(Glibc)
import Glibc
#endif
import Foundation
import XCTest
@testable import TernStore

/// A trainer killed at any moment must leave a model whose newest checkpoint is complete.
///
/// The test binary re-runs itself as the writer: `testWriterChild` is a no-op (skipped) unless
/// `TERN_STORE_KILL_CHILD` names a model, in which case it saves checkpoints 1, 2, 3, … forever. The parent kills it
/// with SIGKILL at random moments and checks the file after each kill.
final class KillTests: XCTestCase {
    static let childVariable = "TERN_STORE_KILL_CHILD"
    static let keepLast = 3

    /// The tensors of step `step`: every value is a function of the step, so a mix of two saves is detectable.
    static func contents(step: Int) -> CheckpointContents {
        func tensor(_ name: String, _ count: Int, _ salt: Float) -> StoredTensor {
            // Filled rather than computed per element, so the child spends its time saving, not building arrays
            // (debug builds are slow at per-element closures): most kills then land inside a save.
            StoredTensor(name: name, shape: [count], values: [Float](repeating: Float(step) + salt, count: count))
        }
        return CheckpointContents(
            step: step, epoch: step / 10, kind: step % 5 == 0 ? .best : .last, metrics: ["bleu": Double(step % 7)],
            parameters: [tensor("encoder.weight", 100_000, 0), tensor("decoder.weight", 100_000, 0.5),
                         tensor("decoder.bias", 100, 0.25)],
            optimizerState: [tensor("encoder.weight.adam_m", 100_000, 0.125)],
            resumeState: #"{"step":\#(step)}"#)
    }

    func testWriterChild() throws {
        guard let path = ProcessInfo.processInfo.environment[Self.childVariable] else {
            throw XCTSkip("runs only as the child process of testKilledWriterLeavesCompleteCheckpoints")
        }
        let model = try ModelFile(openingAt: path, verifyStructure: false)
        var step = (try? model.loadLatestCheckpoint().step) ?? 0
        let deadline = ContinuousClock.now + .seconds(30)  // never outlive a parent that died
        while ContinuousClock.now < deadline {
            step += 1
            try model.saveCheckpoint(Self.contents(step: step), retention: RetentionPolicy(keepLast: Self.keepLast))
        }
    }

    func testKilledWriterLeavesCompleteCheckpoints() throws {
        let directory = try TemporaryDirectory()
        let path = directory.file("killed.tern")
        try ModelFile.create(at: path, configJSON: Fixtures.config).close()
        let executable = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        var generator = SeededGenerator(seed: 99)
        var newestStep = 0
        var killsDuringWork = 0
        let kills = 20
        let watcher = try ModelFile(openingAt: path, access: .readOnly, verifyStructure: false)
        for kill in 0..<kills {
            let child = Process()
            child.executableURL = executable
            child.arguments = ["TernStoreTests.KillTests/testWriterChild"]
            child.environment = ProcessInfo.processInfo.environment.merging([Self.childVariable: path]) { $1 }
            child.standardOutput = FileHandle.nullDevice
            child.standardError = FileHandle.nullDevice
            try child.run()
            // Wait until this child has committed a save (watching through a read-only connection, as `tern info`
            // would), however slowly it started on a loaded machine; then a random delay of a few saves, so the kill
            // lands anywhere in the save cycle.
            let deadline = ContinuousClock.now + .seconds(20)
            while try watcher.checkpoints().last?.step ?? 0 <= newestStep, child.isRunning,
                  ContinuousClock.now < deadline {
                usleep(2_000)
            }
            usleep(UInt32.random(in: 0...40_000, using: &generator))
            XCTAssertTrue(child.isRunning, "the writer stopped on its own before kill \(kill)")
            Glibc.kill(child.processIdentifier, SIGKILL)
            child.waitUntilExit()
            XCTAssertEqual(child.terminationReason, .uncaughtSignal)

            let model = try ModelFile(openingAt: path, access: kill.isMultiple(of: 2) ? .readOnly : .readWrite)
            let summaries = try model.checkpoints()
            guard let newest = summaries.last else { continue }
            XCTAssertLessThanOrEqual(summaries.count, Self.keepLast)
            XCTAssertGreaterThanOrEqual(newest.step, newestStep, "a committed checkpoint was lost")
            if newest.step > newestStep { killsDuringWork += 1 }
            newestStep = newest.step
            // Every surviving checkpoint, not just the newest, must be complete and belong to its own step.
            for summary in summaries {
                let checkpoint = try model.loadCheckpoint(id: summary.id)
                let expected = Self.contents(step: summary.step)
                XCTAssertEqual(checkpoint.parameters, expected.parameters, "step \(summary.step) after kill \(kill)")
                XCTAssertEqual(checkpoint.optimizerState, expected.optimizerState)
                XCTAssertEqual(checkpoint.resumeState, expected.resumeState)
                XCTAssertEqual(checkpoint.summary.metrics, expected.metrics)
                XCTAssertEqual(checkpoint.summary.kind, expected.kind)
            }
            XCTAssertEqual(try model.configJSON(), Fixtures.config)
            model.close()
        }
        XCTAssertGreaterThan(newestStep, kills, "the writers made progress between kills")
        XCTAssertEqual(killsDuringWork, kills, "every child committed at least one save before it was killed")
    }
}
