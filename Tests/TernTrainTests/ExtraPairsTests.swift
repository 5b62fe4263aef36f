import Foundation
import TernInference
import TernText
import TernTrain
import TernTestSupport
import XCTest

/// Extra training pairs (back-translations) beside the main corpus, with the tag of tagged back-translation: read
/// and counted in the log, the tag one reserved token on every extra source and nowhere else, the same after
/// resume and for translation.
final class ExtraPairsTests: XCTestCase {
    var directory: URL!

    override func setUpWithError() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("tern-extra-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: directory) }

    func write(_ name: String, _ lines: ArraySlice<Substring>) throws -> String {
        let path = directory.appendingPathComponent(name).path
        try (lines.joined(separator: "\n") + "\n").write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    func testTaggedExtraPairsAreReadCountedAndTaggedWithOneToken() throws {
        let english = try String(contentsOfFile: "\(CorpusSlice.folder)/train.en", encoding: .utf8).split(separator: "\n")
        let spanish = try String(contentsOfFile: "\(CorpusSlice.folder)/train.es", encoding: .utf8).split(separator: "\n")
        let paths = TrainingPaths(trainSource: try write("train.en", english[0..<40]), trainTarget: try write("train.es", spanish[0..<40]),
                                  devSource: try write("dev.en", english[40..<44]), devTarget: try write("dev.es", spanish[40..<44]),
                                  output: directory.appendingPathComponent("extra.tern").path)
        let extraSource = try write("bt.src", english[100..<112]), extraTarget = try write("bt.tgt", spanish[100..<112])
        let overrides = ["family=transformer", "d_model=16", "heads=2", "d_ff=32", "encoder_layers=1", "decoder_layers=1",
                         "bpe_merges=80", "batch_tokens=300", "samples=0", "attention_plots=0", "curve_plots=false", "threads=1",
                         "max_steps=1", "train_sample=0", "extra_tag=<BT>", "src_extra=[\(extraSource)]", "tgt_extra=[\(extraTarget)]"]
        let config = try ConfigFile(path: nil, overrides: overrides)
        var log: [String] = []
        let run = try TrainingRun.start(config: config, paths: paths, log: { log.append($0) })
        XCTAssertTrue(log.contains("extra training pairs: 12 read from \(extraSource) / \(extraTarget), 12 kept, sources tagged <BT>"), "\(log)")
        XCTAssertEqual(run.data.trainPairs.count, 52)
        let vocabulary = run.data.subwords.source.vocabulary
        let tag = vocabulary.id(of: "▁<BT>")
        XCTAssertNotEqual(tag, Vocabulary.unknownId)
        XCTAssertEqual(vocabulary.frequency(at: tag), 12)
        // The main pairs carry no tag; each extra source starts with it, once, and then reads as its line.
        for pair in run.data.trainPairs[0..<40] { XCTAssertFalse(pair.source.contains(Int32(tag))) }
        for (pair, line) in zip(run.data.trainPairs[40...], english[100..<112]) {
            XCTAssertEqual(pair.source.first, Int32(tag))
            XCTAssertEqual(pair.source.filter { $0 == Int32(tag) }.count, 1)
            XCTAssertEqual(vocabulary.decode(pair.source.dropFirst().map(Int.init)), Normalizer().normalize(String(line)))
        }
        try run.run()
        // The model file keeps the tag reserved: a resumed run and a loaded model encode it as the same one token.
        let resumed = try TrainingRun.resume(path: paths.output, overrides: ["max_steps=2"])
        XCTAssertEqual(resumed.data.trainPairs, run.data.trainPairs)
        let bundle = try ModelBundle.load(path: paths.output, checkpoint: .last)
        XCTAssertEqual(bundle.subwords.source.tokenize("<BT> In the beginning").first, "▁<BT>")
        XCTAssertEqual(bundle.subwords.source.tokenize("<BT>"), ["▁<BT>"])
    }

    func testExtraSettingsAreChecked() {
        func error(_ change: (inout TrainingSettings) -> Void) -> String {
            var settings = TrainingSettings()
            change(&settings)
            do { try settings.validate() } catch { return "\(error)" }
            return "valid"
        }
        XCTAssertEqual(error { $0.srcExtra = ["a"] }, "config key 'tgt_extra': needs one file per src_extra file, got 0 for 1")
        XCTAssertEqual(error { $0.srcExtra = ["a"]; $0.tgtExtra = ["b"]; $0.extraTag = "two words" },
                       "config key 'extra_tag': must be one word in normalised form (no spaces, NFC), got 'two words'")
        XCTAssertEqual(error { $0.srcExtra = ["a"]; $0.tgtExtra = ["b"]; $0.lowercase = true; $0.extraTag = "<BT>" },
                       "config key 'extra_tag': must be one word in normalised form (no spaces, lower case, NFC), got '<BT>'")
        XCTAssertEqual(error { $0.extraTag = "<BT>" }, "config key 'extra_tag': tags extra pairs; give them with src_extra and tgt_extra")
        XCTAssertEqual(error { $0.srcExtra = ["a"]; $0.tgtExtra = ["b"]; $0.extraTag = "<BT>" }, "valid")
    }
}
