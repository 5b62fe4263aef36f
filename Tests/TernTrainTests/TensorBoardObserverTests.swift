import Foundation
import TernStore
import TernTensorBoard
import TernTrain
import TernTestSupport
import XCTest

/// A short run with `tensorboard_dir` set, read back by TensorBoard itself (`EventAccumulator` in a child `python3`):
/// the tags, one scalar per logged step, and the values of the model file's training log. Skipped where Python's
/// `tensorboard` package is not importable; CI installs it (`.ci/run`).
final class TensorBoardObserverTests: XCTestCase {
    var directory: URL!

    override func setUpWithError() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("tern-tb-run-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: directory) }


    /// Writes the first `count` lines of a slice file into the temp folder.
    func excerpt(_ name: String, lines count: Int) throws -> String {
        try CorpusSlice.excerpt(name, lines: count, into: directory)
    }

    /// The tiny Transformer of TrainingRunTests.
    let tiny = ["family=transformer", "d_model=16", "heads=2", "d_ff=32", "encoder_layers=1", "decoder_layers=1",
                "tied_embeddings=all", "dropout=0.1", "bpe_merges=80", "batch_tokens=160", "valid_every=1000",
                "log_every=1000", "samples=0", "warmup=4", "threads=1", "max_length=40", "attention_plots=0"]

    func testTheKeyIsOffByDefault() throws {
        XCTAssertEqual(TrainingSettings().tensorboardDir, "")
        XCTAssertTrue(TrainingSettings.keys.contains("tensorboard_dir"))
        let set = try JSONDecoder().decode(TrainingSettings.self, from: Data(#"{"tensorboard_dir": "runs/a"}"#.utf8))
        XCTAssertEqual(set.tensorboardDir, "runs/a")
    }

    /// With the key empty, the standard observers write no event file anywhere near the model.
    func testNoEventFilesWithoutTheKey() throws {
        let run = try startRun(output: "quiet.tern", ["max_steps=2", "log_every=1"])
        try run.run()
        let files = try FileManager.default.subpathsOfDirectory(atPath: directory.path)
        XCTAssertFalse(files.contains { $0.contains("tfevents") }, "\(files)")
    }

    func startRun(output: String, _ overrides: [String]) throws -> TrainingRun {
        let paths = TrainingPaths(trainSource: try excerpt("train.en", lines: 60), trainTarget: try excerpt("train.es", lines: 60),
                                  devSource: try excerpt("dev.en", lines: 4), devTarget: try excerpt("dev.es", lines: 4),
                                  output: directory.appendingPathComponent(output).path)
        return try TrainingRun.start(config: ConfigFile(path: nil, overrides: tiny + overrides), paths: paths,
                                     observers: TrainingRun.standardObservers(write: { _ in }))
    }

    func testTensorBoardReadsTheRunAsTheModelFileLogsIt() throws {
        guard Self.tensorboardImportable else {
            throw XCTSkip("Python's tensorboard package is not importable (pip install tensorboard): EventAccumulator check skipped")
        }
        let live = directory.appendingPathComponent("live").path
        let run = try startRun(output: "run.tern", ["max_steps=6", "log_every=2", "valid_every=3", "tensorboard_dir=\(live)"])
        try run.run()

        let file = try ModelFile(openingAt: directory.appendingPathComponent("run.tern").path, access: .readOnly)
        let log = try file.trainingLog()
        let layerRows = try file.layerStatistics()
        let layerHistograms = try file.histograms()
        file.close()
        XCTAssertEqual(Set(layerRows.map(\.step)), [3, 6], "statistics at each validation")
        XCTAssertEqual(log.filter { $0.kind == .train }.map(\.step), [2, 4, 6])
        XCTAssertEqual(log.filter { $0.kind == .valid }.map(\.step), [3, 6])
        // The expected scalars, tag → [(step, value)], straight from the model file's rows (not from the mapping
        // under test).
        var expected: [String: [(step: Int, value: Double)]] = [:]
        for row in log where row.kind == .train {
            expected["train/loss", default: []].append((row.step, row.loss!))
            expected["train/lr", default: []].append((row.step, row.learningRate!))
            expected["train/tokens_per_second", default: []].append((row.step, row.tokensPerSecond!))
            expected["train/grad_norm", default: []].append((row.step, row.extra["grad_norm"]!))
        }
        for row in log where row.kind == .valid {
            expected["dev/loss", default: []].append((row.step, row.loss!))
            for (key, value) in row.extra { expected["dev/\(key)", default: []].append((row.step, value)) }
        }
        // The per-layer figures, from the model file's statistics rows.
        for row in layerRows {
            let prefix = "layers/\(row.kind.rawValue)/\(row.name)/"
            var figures: [String: Double?] = [:]
            switch row.kind {
            case .weight: figures = ["std": row.standardDeviation, "update_ratio": row.extra["update_ratio"]]
            case .gradient: figures = ["l2_norm": row.l2Norm]
            case .activation:
                figures = ["mean": row.mean, "std": row.standardDeviation, "zero_fraction": row.zeroFraction,
                           "dead_fraction": row.extra["dead_fraction"], "saturated_fraction": row.extra["saturated_fraction"]]
            }
            for (figure, value) in figures { if let value { expected[prefix + figure, default: []].append((row.step, value)) } }
        }

        // A histogram beside it, from the writer.
        let histograms = directory.appendingPathComponent("histograms").path
        let writer = try EventFileWriter(directory: histograms)
        let values = (0..<1000).map { Float($0 % 37) * 0.25 - 3 }
        try writer.histogram(tag: "layer/weight", histogram: Histogram(values: values, binCount: 30), step: 5)
        try writer.histogram(tag: "layer/weight", histogram: Histogram(values: Array(values.prefix(10)), binCount: 30), step: 6)
        try writer.close()

        let read = try Self.readWithEventAccumulator(live, histograms)
        let scalars = read["scalars"] as! [String: [[Double]]]
        XCTAssertEqual(Set(scalars.keys), Set(expected.keys))
        for (tag, points) in expected {
            let got = scalars[tag] ?? []
            XCTAssertEqual(got.map { Int($0[0]) }, points.map(\.step), "\(tag): one scalar per logged step")
            for (pair, point) in zip(got, points) {
                XCTAssertEqual(pair[1], point.value, accuracy: 1e-6 * max(1, abs(point.value)), "\(tag) at step \(point.step)")
            }
        }
        let histogramEvents = (read["histograms"] as! [String: [[Double]]])["layer/weight"] ?? []
        XCTAssertEqual(histogramEvents.map { $0[0] }, [5, 6], "both histograms kept (size_guidance 0)")
        XCTAssertEqual(histogramEvents.map { $0[1] }, [1000, 10], "num")
        for event in histogramEvents { XCTAssertEqual(event[2], event[1], "sum(bucket) == num") }

        // `tern tensorboard`'s export of the same model file reads back as the very same scalars.
        let exported = directory.appendingPathComponent("exported").path
        _ = try TrainingLogExport.write(log, statistics: layerRows, histograms: layerHistograms, toDirectory: exported)
        let exportedScalars = try Self.readWithEventAccumulator(exported, histograms)["scalars"] as! [String: [[Double]]]
        XCTAssertEqual(exportedScalars, scalars)
    }

    static let tensorboardImportable: Bool = {
        (try? python(["-c", "import tensorboard"]).status) == 0
    }()

    /// Scalars as tag → [[step, value]] and histograms as tag → [[step, num, sum(bucket)]], read by TensorBoard.
    static func readWithEventAccumulator(_ scalarDirectory: String, _ histogramDirectory: String) throws -> [String: Any] {
        let script = """
            import json, sys
            from tensorboard.backend.event_processing.event_accumulator import EventAccumulator
            def load(path):
                accumulator = EventAccumulator(path, size_guidance={"scalars": 0, "histograms": 0})
                accumulator.Reload()
                return accumulator
            scalars = load(sys.argv[1])
            histograms = load(sys.argv[2])
            print(json.dumps({
                "scalars": {tag: [[e.step, e.value] for e in scalars.Scalars(tag)] for tag in scalars.Tags()["scalars"]},
                "histograms": {tag: [[e.step, e.histogram_value.num, sum(e.histogram_value.bucket)]
                                     for e in histograms.Histograms(tag)] for tag in histograms.Tags()["histograms"]},
            }))
            """
        let result = try python(["-c", script, scalarDirectory, histogramDirectory])
        struct PythonFailed: Error { var message: String }
        guard result.status == 0 else { throw PythonFailed(message: result.error) }
        return try JSONSerialization.jsonObject(with: Data(result.output.utf8)) as! [String: Any]
    }

    static func python(_ arguments: [String]) throws -> (status: Int32, output: String, error: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3"] + arguments
        let output = Pipe(), error = Pipe()
        (process.standardOutput, process.standardError) = (output, error)
        try process.run()
        let outputData = output.fileHandleForReading.readDataToEndOfFile()
        let errorData = error.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: outputData, as: UTF8.self), String(decoding: errorData, as: UTF8.self))
    }
}
