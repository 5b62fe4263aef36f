import Foundation
import TernStore
@testable import TernDiagnose
import TernTrain
import TernTestSupport
import XCTest

/// The verdict rules on constructed validation rows (exact), and three real runs on the corpus slice: a tiny model
/// stopped early underfits, a larger one without dropout on few pairs overfits, the same with the learning rate ×1000
/// diverges.
final class FitDiagnosisTests: XCTestCase {
    func valid(_ step: Int, dev: Double, sample: Double, gl: Double = 0, unigram: Double = 5, perplexity: Double? = nil) -> TrainingLogEntry {
        TrainingLogEntry(runID: "r", step: step, epoch: 1, kind: .valid, loss: dev,
                         extra: ["perplexity": perplexity ?? Foundation.exp(dev), "train_sample_loss": sample,
                                 "generalization_loss": gl, "unigram_loss": unigram, "bleu": 1, "chrf": 10])
    }

    func verdict(_ rows: [TrainingLogEntry], vocabulary: Int = 1000) -> FitVerdict {
        FitDiagnosis.diagnose(validations: rows, vocabularySize: vocabulary, family: "transformer").verdict
    }

    func testRulesOnConstructedRows() {
        XCTAssertEqual(verdict([]), .tooEarly)
        XCTAssertEqual(verdict([valid(100, dev: 8, sample: 8, perplexity: 2981)]), .diverged, "perplexity 2981 > 2 × 1000")
        XCTAssertEqual(verdict([valid(100, dev: 4.8, sample: 4.7)]), .underfitting, "4.7 > 0.7 × 5: frequencies only")
        XCTAssertEqual(verdict([valid(100, dev: 3, sample: 2.9)]), .tooEarly, "one validation below the unigram level: no trend")
        XCTAssertEqual(verdict([valid(100, dev: 3, sample: 2.9), valid(200, dev: 2.5, sample: 2.3)]), .stillImproving)
        XCTAssertEqual(verdict([valid(100, dev: 3, sample: 2.9), valid(200, dev: 2.99, sample: 2.895)]), .underfitting,
                       "train sample flat (−0.2 %) and dev within 10 % of it")
        XCTAssertEqual(verdict([valid(100, dev: 3, sample: 2.0), valid(200, dev: 3.0, sample: 2.0)]), .stalled,
                       "flat, but a 50 % gap: not underfitting")
        XCTAssertEqual(verdict([valid(100, dev: 2, sample: 1.5), valid(200, dev: 2.2, sample: 0.8, gl: 10)]), .overfitting,
                       "GL 10 % while the train sample's loss fell from 1.5 to 0.8")
        XCTAssertEqual(verdict([valid(100, dev: 2, sample: 1.5), valid(200, dev: 2.2, sample: 1.6, gl: 10)]), .stalled,
                       "GL 10 % but the train sample got worse too: not overfitting")
        let remedies = FitDiagnosis.remedies(for: .overfitting, family: "rnn")
        XCTAssertEqual(remedies.first?.keys, ["patience", "early_stopping_metric"])
        XCTAssertEqual(remedies.last?.keys, ["embedding_size", "encoder_hidden", "decoder_hidden", "encoder_layers", "decoder_layers"])
    }

    // MARK: real runs

    var directory: URL!

    override func setUpWithError() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("tern-diagnose-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: directory) }

    func excerpt(_ name: String, lines count: Int) throws -> String {
        try CorpusSlice.excerpt(name, lines: count, into: directory)
    }

    func train(_ name: String, pairs: Int, _ overrides: [String]) throws -> Diagnosis {
        let paths = TrainingPaths(trainSource: try excerpt("train.en", lines: pairs), trainTarget: try excerpt("train.es", lines: pairs),
                                  devSource: try excerpt("dev.en", lines: 20), devTarget: try excerpt("dev.es", lines: 20),
                                  output: directory.appendingPathComponent(name).path)
        let base = ["family=transformer", "heads=2", "encoder_layers=1", "decoder_layers=1", "tied_embeddings=all",
                    "threads=1", "samples=0", "attention_plots=0", "curve_plots=false", "stats_every=0", "log_every=10",
                    "max_length=30"]
        try TrainingRun.start(config: ConfigFile(path: nil, overrides: base + overrides), paths: paths,
                              observers: [TrainingLogObserver()]).run()
        return try Diagnosis.of(modelPath: paths.output)
    }

    func testATinyModelStoppedEarlyUnderfits() throws {
        let diagnosis = try train("tiny.tern", pairs: 200, ["d_model=8", "d_ff=16", "bpe_merges=100", "batch_tokens=400",
                                                            "max_steps=20", "valid_every=10", "warmup=5"])
        XCTAssertEqual(diagnosis.fit.verdict, .underfitting, diagnosis.text)
        XCTAssertEqual(diagnosis.scores.keys.sorted(), ["copy the source", "model (greedy, last validation)"])
    }

    func testTheLearningRateTimesAThousandDiverges() throws {
        let diagnosis = try train("diverged.tern", pairs: 200, ["d_model=32", "d_ff=64", "dropout=0", "bpe_merges=100",
                                                                "batch_tokens=400", "max_steps=20", "valid_every=10",
                                                                "schedule=constant", "learning_rate=3", "clip_norm=0"])
        XCTAssertEqual(diagnosis.fit.verdict, .diverged, diagnosis.text)
    }

    func testALargerModelWithoutDropoutOnFewPairsOverfits() throws {
        let diagnosis = try train("overfit.tern", pairs: 60, ["d_model=48", "d_ff=96", "dropout=0", "label_smoothing=0",
                                                              "bpe_merges=100", "batch_tokens=600", "max_steps=150",
                                                              "valid_every=50", "schedule=constant", "learning_rate=0.005"])
        XCTAssertEqual(diagnosis.fit.verdict, .overfitting, diagnosis.text)
        // Near zero beside what word frequencies alone give (4.4 here): the training pairs are memorised.
        XCTAssertLessThan(diagnosis.fit.figures["train_sample_loss"]!, 0.15 * diagnosis.fit.figures["unigram_loss"]!, diagnosis.text)
    }
}
