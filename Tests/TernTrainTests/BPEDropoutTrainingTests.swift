import Foundation
import TernStore
import TernText
import TernTrain
import TernTestSupport
import XCTest

/// `bpe_dropout` in a run: each epoch segments the training pairs afresh, deterministically for the seed, the ids
/// decode to the training lines, and train N + resume N is still bit-identical to 2N.
final class BPEDropoutTrainingTests: XCTestCase {
    var directory: URL!

    override func setUpWithError() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("tern-dropout-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: directory) }

    func paths(output: String, lines: Int = 60) throws -> TrainingPaths {
        TrainingPaths(trainSource: try CorpusSlice.excerpt("train.en", lines: lines, into: directory),
                      trainTarget: try CorpusSlice.excerpt("train.es", lines: lines, into: directory),
                      devSource: try CorpusSlice.excerpt("dev.en", lines: 4, into: directory),
                      devTarget: try CorpusSlice.excerpt("dev.es", lines: 4, into: directory),
                      output: directory.appendingPathComponent(output).path)
    }

    let tiny = ["family=transformer", "d_model=16", "heads=2", "d_ff=32", "encoder_layers=1", "decoder_layers=1",
                "tied_embeddings=all", "dropout=0.1", "bpe_merges=80", "batch_tokens=160", "valid_every=1000",
                "log_every=1000", "samples=0", "warmup=4", "threads=1", "max_length=40", "attention_plots=0",
                "curve_plots=false", "bpe_dropout=0.1"]

    func start(_ paths: TrainingPaths, _ overrides: [String]) throws -> TrainingRun {
        try TrainingRun.start(config: ConfigFile(path: nil, overrides: tiny + overrides), paths: paths)
    }

    func testEpochsSegmentAfreshDeterministicallyForTheSeedAndDecodeToTheLines() throws {
        let run = try start(try paths(output: "a.tern"), [])
        let data = run.data, settings = run.settings
        let epoch1 = data.pairs(epoch: 1, settings: settings), epoch2 = data.pairs(epoch: 2, settings: settings)
        XCTAssertEqual(epoch1.count, data.trainPairs.count)
        XCTAssertEqual(run.epochPairs, epoch1, "the run trains on its epoch's segmentation")
        XCTAssertNotEqual(epoch1, epoch2)
        XCTAssertNotEqual(epoch1, data.trainPairs)
        XCTAssertEqual(data.pairs(epoch: 1, settings: settings), epoch1, "same seed and epoch, same segmentation")
        var otherSeed = settings
        otherSeed.seed = settings.seed + 1
        XCTAssertNotEqual(data.pairs(epoch: 1, settings: otherSeed), epoch1)
        var off = settings
        off.bpeDropout = 0
        XCTAssertEqual(data.pairs(epoch: 1, settings: off), data.trainPairs)
        // Dropped or not, the ids spell the training lines (normalised), and dropping only ever splits.
        let vocabulary = data.subwords.target.vocabulary
        for (index, pair) in epoch2.enumerated() {
            XCTAssertEqual(vocabulary.decode(pair.source.map(Int.init)), data.trainLines.source[index])
            XCTAssertEqual(vocabulary.decode(pair.target.map(Int.init)), data.trainLines.target[index])
            XCTAssertGreaterThanOrEqual(pair.target.count, data.trainPairs[index].target.count)
        }
    }

    /// On 20 pairs, a handful of batches per epoch: the second half of the split run starts mid-epoch and crosses
    /// at least one epoch boundary, where the segmentation is rebuilt.
    func testResumeWithDropoutGivesTheSameParametersAsOneRun() throws {
        let straight = try paths(output: "straight.tern", lines: 20)
        try start(straight, ["max_steps=14"]).run()
        let split = try paths(output: "split.tern", lines: 20)
        try start(split, ["max_steps=8"]).run()
        let resumed = try TrainingRun.resume(path: split.output, overrides: ["max_steps=14"])
        let resumedEpoch = resumed.state.epoch
        let summary = try resumed.run()
        XCTAssertEqual(summary.steps, 14)
        XCTAssertGreaterThan(summary.epochs, resumedEpoch, "the resumed half must cross an epoch boundary for this test to mean anything")
        func parameters(_ path: String) throws -> [String: [Float]] {
            let file = try ModelFile(openingAt: path, access: .readOnly)
            defer { file.close() }
            return Dictionary(uniqueKeysWithValues: try file.loadLatestCheckpoint().parameters.map { ($0.name, $0.values) })
        }
        let a = try parameters(straight.output), b = try parameters(split.output)
        XCTAssertFalse(a.isEmpty)
        XCTAssertEqual(Set(a.keys), Set(b.keys))
        for (name, values) in a { XCTAssertEqual(values, b[name], "parameter \(name) differs after resume") }
    }
}
