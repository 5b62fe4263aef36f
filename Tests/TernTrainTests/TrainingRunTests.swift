import Foundation
import TernInference
import TernModels
import TernStore
import TernTensor
import TernText
import TernTrain
import TernTestSupport
import XCTest

/// End-to-end runs of the training run on a few dozen lines of the shipped corpus slice with a tiny Transformer:
/// exact resume, the observers' events, the ways a run ends, and the errors of bad input.
final class TrainingRunTests: XCTestCase {
    var directory: URL!

    override func setUpWithError() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("tern-run-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        InterruptFlag.set(false)
        Gemm.precision = .fp32
        try? FileManager.default.removeItem(at: directory)
    }


    /// Writes the first `count` lines of a slice file into the temp folder.
    func excerpt(_ name: String, lines count: Int) throws -> String {
        try CorpusSlice.excerpt(name, lines: count, into: directory)
    }

    func paths(output: String) throws -> TrainingPaths {
        TrainingPaths(trainSource: try excerpt("train.en", lines: 60), trainTarget: try excerpt("train.es", lines: 60),
                      devSource: try excerpt("dev.en", lines: 4), devTarget: try excerpt("dev.es", lines: 4),
                      output: directory.appendingPathComponent(output).path)
    }

    let tiny = ["family=transformer", "d_model=16", "heads=2", "d_ff=32", "encoder_layers=1", "decoder_layers=1",
                "tied_embeddings=all", "dropout=0.1", "bpe_merges=80", "batch_tokens=160", "valid_every=1000",
                "log_every=1000", "samples=0", "warmup=4", "threads=1", "max_length=40", "attention_plots=0"]

    func start(_ paths: TrainingPaths, _ overrides: [String], observers: [TrainingObserver] = []) throws -> TrainingRun {
        try TrainingRun.start(config: ConfigFile(path: nil, overrides: tiny + overrides), paths: paths, observers: observers)
    }

    func parameters(of path: String) throws -> [String: [Float]] {
        let file = try ModelFile(openingAt: path, access: .readOnly)
        defer { file.close() }
        return Dictionary(uniqueKeysWithValues: try file.loadLatestCheckpoint().parameters.map { ($0.name, $0.values) })
    }

    /// Train N steps and resume for N more: the same parameters as 2N steps in one run, bit for bit (same batches,
    /// same dropout masks, same Adam state and schedule).
    func testResumeGivesTheSameParametersAsOneRun() throws {
        let straight = try paths(output: "straight.tern")
        try start(straight, ["max_steps=6"]).run()

        let split = try paths(output: "split.tern")
        try start(split, ["max_steps=3"]).run()
        let summary = try TrainingRun.resume(path: split.output, overrides: ["max_steps=6"]).run()
        XCTAssertEqual(summary.steps, 6)
        XCTAssertEqual(summary.stoppedBy, .budget)

        let a = try parameters(of: straight.output), b = try parameters(of: split.output)
        XCTAssertEqual(Set(a.keys), Set(b.keys))
        XCTAssertFalse(a.isEmpty)
        for (name, values) in a {
            let difference = zip(values, b[name]!).map { abs($0 - $1) }.max() ?? 0
            XCTAssertEqual(difference, 0, "parameter \(name) differs after resume (max abs difference \(difference))")
        }
        // and training moved the weights at all
        let initial = try paths(output: "one.tern")
        try start(initial, ["max_steps=1"]).run()
        XCTAssertNotEqual(try parameters(of: initial.output), a)
    }

    /// Products in bf16: a run split and resumed is still bit-identical to one run, the model file records the
    /// precision, and the weights differ from an fp32 run's (the products did change). `auto` records what it picked.
    func testBF16RunResumesExactlyAndTheFileRecordsThePrecision() throws {
        let straight = try paths(output: "bf16.tern")
        try start(straight, ["max_steps=4", "precision=bf16"]).run()
        let split = try paths(output: "bf16-split.tern")
        try start(split, ["max_steps=2", "precision=bf16"]).run()
        try TrainingRun.resume(path: split.output, overrides: ["max_steps=4"]).run()
        let bf16 = try parameters(of: straight.output)
        XCTAssertEqual(bf16, try parameters(of: split.output), "a resumed bf16 run differs from one run")
        let fp32 = try paths(output: "fp32.tern")
        try start(fp32, ["max_steps=4", "precision=fp32"]).run()
        XCTAssertNotEqual(try parameters(of: fp32.output), bf16)

        func recordedPrecision(_ path: String) throws -> PrecisionSetting {
            let file = try ModelFile(openingAt: path, access: .readOnly)
            defer { file.close() }
            return try file.configSections(training: TrainingSettings.self).training.precision
        }
        XCTAssertEqual(try recordedPrecision(split.output), .bf16)
        let auto = try paths(output: "auto.tern")
        try start(auto, ["max_steps=1"]).run()
        XCTAssertEqual(try recordedPrecision(auto.output), PrecisionProbe.trainingChoice.precision == .bf16 ? .bf16 : .fp32)
    }

    /// Records every event, and asks the run to stop after `stopAfter` steps.
    final class Recorder: TrainingObserver {
        var events: [String] = []
        var stopAfter: Int?
        var gradientNorms: [Float] = []

        func runStarted(_ run: TrainingRun) { events.append("started \(run.state.step)") }
        func stepFinished(_ step: StepReport, run: TrainingRun) {
            events.append("step \(step.step)")
            gradientNorms.append(step.gradientNorm)
            if step.step == stopAfter { run.requestStop("recorder saw enough") }
        }
        func validationFinished(_ validation: ValidationReport, run: TrainingRun) { events.append("validation \(validation.step)") }
        func checkpointWillSave(_ draft: CheckpointDraft, run: TrainingRun) { events.append("will save \(draft.step)") }
        func checkpointSaved(step: Int, run: TrainingRun) { events.append("saved \(step)") }
        func runFinished(_ summary: TrainingSummary, run: TrainingRun) { events.append("finished \(summary.stoppedBy)") }
    }

    func testObserversSeeEveryEventInOrderAndCanStopTheRun() throws {
        let recorder = Recorder()
        recorder.stopAfter = 3
        let p = try paths(output: "observed.tern")
        let summary = try start(p, ["max_steps=10", "valid_every=2"], observers: [recorder]).run()
        XCTAssertEqual(summary.steps, 3)
        XCTAssertEqual(summary.stoppedBy, .requested("recorder saw enough"))
        XCTAssertEqual(recorder.events, [
            "started 0", "step 1", "step 2", "validation 2", "will save 2", "saved 2",
            "step 3", "validation 3", "will save 3", "saved 3", "finished recorder saw enough",
        ])
        XCTAssertTrue(recorder.gradientNorms.allSatisfy { $0.isFinite && $0 > 0 }, "\(recorder.gradientNorms)")
        // The stop validated and checkpointed step 3.
        let file = try ModelFile(openingAt: p.output, access: .readOnly)
        defer { file.close() }
        let latest = try file.loadLatestCheckpoint()
        XCTAssertEqual(latest.summary.step, 3)
        XCTAssertEqual(Set(latest.summary.metrics.keys), ["bleu", "chrf", "valid_loss", "perplexity"])
    }

    /// The standard observers' log rows reach the model file with the checkpoint that follows them, and the train
    /// rows carry the gradient norm, the mean of the interval's pre-clipping norms.
    func testTrainingLogRowsCarryTheGradientNorm() throws {
        let recorder = Recorder()
        let p = try paths(output: "logged.tern")
        let observers = TrainingRun.standardObservers(write: { _ in }) + [recorder]
        try start(p, ["max_steps=4", "log_every=2", "valid_every=4"], observers: observers).run()
        let file = try ModelFile(openingAt: p.output, access: .readOnly)
        defer { file.close() }
        let train = try file.trainingLog(kind: .train)
        XCTAssertEqual(train.map(\.step), [2, 4])
        let expected = [(recorder.gradientNorms[0] + recorder.gradientNorms[1]) / 2,
                        (recorder.gradientNorms[2] + recorder.gradientNorms[3]) / 2]
        for (row, norm) in zip(train, expected) {
            XCTAssertEqual(row.extra["grad_norm"]!, Double(norm), accuracy: 1e-6 * Double(norm))
        }
        XCTAssertEqual(try file.trainingLog(kind: .valid).map(\.step), [4])
    }

    /// When the last epoch runs out between validations, the run still validates and saves its last step.
    func testTheLastEpochEndsWithACheckpoint() throws {
        let p = try paths(output: "epochs.tern")
        let summary = try start(p, ["max_epochs=1"]).run()
        XCTAssertEqual(summary.stoppedBy, .epochs)
        XCTAssertGreaterThan(summary.steps, 1)
        XCTAssertNotNil(summary.lastValidation)
        let file = try ModelFile(openingAt: p.output, access: .readOnly)
        defer { file.close() }
        XCTAssertEqual(try file.loadLatestCheckpoint().summary.step, summary.steps)
    }

    /// Ctrl-C: the step in progress finishes, a checkpoint is saved, and the run can be resumed.
    func testAnInterruptSavesACheckpointThatResumes() throws {
        let p = try paths(output: "interrupted.tern")
        InterruptFlag.set(true)
        let summary = try start(p, ["max_steps=5"]).run()
        InterruptFlag.set(false)
        XCTAssertEqual(summary.stoppedBy, .interrupted)
        XCTAssertEqual(summary.steps, 1)
        let resumed = try TrainingRun.resume(path: p.output).run()
        XCTAssertEqual(resumed.steps, 5)
    }

    func testMismatchedLineCountsNameBothFiles() throws {
        var p = try paths(output: "bad.tern")
        p.trainTarget = try excerpt("train.es", lines: 59)
        XCTAssertThrowsError(try start(p, ["max_steps=1"])) { error in
            XCTAssertEqual(error as? TextError, .lineCountMismatch(sourcePath: p.trainSource, sourceLines: 60,
                                                                  targetPath: p.trainTarget, targetLines: 59))
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: p.output), "no model file for a run that never started")
    }

    func testInvalidUTF8NamesFileAndLine() throws {
        var p = try paths(output: "bad.tern")
        var bytes = Array(try Data(contentsOf: URL(fileURLWithPath: p.trainSource)))
        let thirdLine = bytes.indices.filter { bytes[$0] == 10 }[1] + 1
        bytes.insert(0xFF, at: thirdLine)
        let broken = directory.appendingPathComponent("broken.en").path
        try Data(bytes).write(to: URL(fileURLWithPath: broken))
        p.trainSource = broken
        XCTAssertThrowsError(try start(p, ["max_steps=1"])) { error in
            XCTAssertEqual(error as? TextError, .invalidUTF8(path: broken, line: 3))
            XCTAssertEqual("\(error)", "\(broken):3: invalid UTF-8 on line 3")
        }
    }

    func testEmptyFileIsAnErrorNamingIt() throws {
        var p = try paths(output: "bad.tern")
        let empty = directory.appendingPathComponent("empty.es").path
        try "".write(toFile: empty, atomically: true, encoding: .utf8)
        p.trainTarget = empty
        XCTAssertThrowsError(try start(p, ["max_steps=1"])) { error in
            XCTAssertEqual(error as? TextError, .emptyFile(path: empty))
        }
    }

    /// Every bad value names its key, the value and what is accepted, in a config file, in `--set`, and on resume.
    func testBadSettingsAreErrorsNamingKeyAndValue() throws {
        func error(_ overrides: [String]) -> Error? {
            do { _ = try ConfigFile(path: nil, overrides: tiny + overrides); return nil } catch { return error }
        }
        XCTAssertEqual(error(["optimizer=adagrad"]) as? TrainingError,
                       .invalidSetting(key: "optimizer", reason: "must be adam, adamw or sgd, got 'adagrad'"))
        XCTAssertEqual(error(["schedule=linear"]) as? TrainingError,
                       .invalidSetting(key: "schedule", reason: "must be constant, inverse_sqrt, noam, step, cosine or plateau, got 'linear'"))
        XCTAssertEqual(error(["early_stopping_metric=ter"]) as? TrainingError,
                       .invalidSetting(key: "early_stopping_metric", reason: "must be bleu, chrf, loss or perplexity, got 'ter'"))
        XCTAssertEqual(error(["max_steps=abc"]) as? TrainingError,
                       .invalidSetting(key: "max_steps", reason: "expected an integer, got 'abc'"))
        XCTAssertEqual(error(["d_modle=16"]) as? ModelConfigError, .unknownKey("d_modle", family: "transformer"))
        XCTAssertEqual(error(["max_steps"]) as? TrainingError, .badOverride("--set 'max_steps' must look like key=value"))

        let p = try paths(output: "stored.tern")
        try start(p, ["max_steps=1"]).run()
        func resumeError(_ overrides: [String]) -> Error? {
            do { _ = try TrainingRun.resume(path: p.output, overrides: overrides); return nil } catch { return error }
        }
        XCTAssertEqual(resumeError(["max_steps=abc"]) as? TrainingError,
                       .invalidSetting(key: "max_steps", reason: "expected an integer, got 'abc'"))
        XCTAssertEqual(resumeError(["max_minutes=-1"]) as? TrainingError,
                       .invalidSetting(key: "max_minutes", reason: "must be ≥ 0 (0 = no limit)"))
        XCTAssertEqual(resumeError(["learning_rate=0.1"]) as? TrainingError, .badOverride(
            "a resumed run keeps its settings; only max_epochs, max_minutes, max_steps, threads can be changed, not 'learning_rate'"))
    }

    func testResumeOfAMissingFileAndOverwriteAreRefused() throws {
        let p = try paths(output: "missing.tern")
        XCTAssertThrowsError(try TrainingRun.resume(path: p.output)) { error in
            XCTAssertEqual(error as? TrainingError, .missingFile(path: p.output, role: "model file"))
        }
        try "not a model".write(toFile: p.output, atomically: true, encoding: .utf8)
        XCTAssertThrowsError(try start(p, ["max_steps=1"])) { error in
            XCTAssertEqual(error as? StoreError, .fileExists(path: p.output, isTernModel: false))
        }
        XCTAssertEqual(try String(contentsOfFile: p.output, encoding: .utf8), "not a model", "an existing file is never overwritten")
    }
}
