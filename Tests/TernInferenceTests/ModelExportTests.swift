import Foundation
import TernDecode
import TernEval
import TernInference
import TernModels
import TernStore
import TernTensor
import TernTestSupport
import TernText
import XCTest

/// `tern export` on the library side: an export translates exactly as its source checkpoint (Float32: bit-identical
/// weights and scores; int8: as `--compute int8` on the source), its size is within the bounds, averaging is the
/// element-wise mean, and the refusals.
final class ModelExportTests: XCTestCase {
    static let lines = ["In the beginning God created the heaven and the earth.", "And God said, Let there be light.", "", "Day."]

    static let subwords: SubwordModels = {
        let slice = CorpusSlice.folder
        let english = (try? String(contentsOfFile: "\(slice)/train.en", encoding: .utf8)) ?? ""
        let spanish = (try? String(contentsOfFile: "\(slice)/train.es", encoding: .utf8)) ?? ""
        return SubwordModels.learn(config: SubwordConfig(merges: 300, minFrequency: 1),
                                   sourceLines: english.split(separator: "\n").prefix(200).map(String.init),
                                   targetLines: spanish.split(separator: "\n").prefix(200).map(String.init))
    }()

    /// d_model 32, 1 + 2 layers: quick to translate with.
    static let small = ModelConfig(dropout: 0, architecture: .transformer(TransformerSettings(
        dModel: 32, heads: 2, dFF: 64, encoderLayers: 1, decoderLayers: 2)))
    /// d_model 128, 4 heads, 2 + 2 layers: about a million parameters, so the file's fixed overhead (tables, the
    /// vocabulary) is as small beside them as it is in a real model; for the sizes.
    static let large = ModelConfig(dropout: 0, architecture: .transformer(TransformerSettings(
        dModel: 128, heads: 4, dFF: 512, encoderLayers: 2, decoderLayers: 2)))

    var directory: URL!

    override func setUpWithError() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("tern-export-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: directory) }

    func path(_ name: String) -> String { directory.appendingPathComponent(name).path }

    /// A model file as training leaves it: checkpoints at steps 10, 20, 30 (random weights from seeds 1, 2, 3), each
    /// with optimizer state, dev BLEU 5, 9, 7 (so `best` is step 20), and a training log row.
    func trainedFile(_ config: ModelConfig = small) throws -> String {
        let file = path("source-\(UUID().uuidString).tern")
        let vocabularySize = Self.subwords.source.vocabulary.count
        let json = try ConfigSections(model: config, training: CheckpointRanking(metric: .bleu),
                                      subword: Self.subwords.config, data: nil).json()
        let model = try ModelFile.create(at: file, configJSON: json)
        try model.setJointVocabulary(Self.subwords.source.vocabulary.entries)
        try model.setMerges(Self.subwords.source.model.merges)
        for (seed, bleu) in [(1, 5.0), (2, 9.0), (3, 7.0)] {
            let weights = try ModelFactory.make(config, vocabularySize: vocabularySize, seed: UInt64(seed)).storedParameters()
            try model.saveCheckpoint(CheckpointContents(step: 10 * seed, epoch: 1, metrics: ["bleu": bleu], parameters: weights,
                                                        optimizerState: weights.map { StoredTensor(name: $0.name + ".m", shape: $0.shape, values: $0.values) }),
                                     logEntries: [TrainingLogEntry(runID: "r", step: 10 * seed, epoch: 1, kind: .valid, loss: 3,
                                                                   learningRate: nil, tokensPerSecond: nil, wallSeconds: nil, extra: ["bleu": bleu])])
        }
        model.close()
        return file
    }

    /// Outputs of at most half the source plus 3 tokens: random weights rarely stop sooner, and the test stays quick.
    func translate(_ bundle: ModelBundle, compute: ComputeType? = nil, beam: Int) throws -> [Translator.Output] {
        try bundle.prepare(compute: compute)
        return Translator(bundle: bundle, settings: SearchSettings(beamSize: beam, lengthPenalty: 0.6, maxLengthRatio: 0.5, maxLengthOffset: 3), batchSize: 2).translate(Self.lines)
    }

    func assertSame(_ left: [Translator.Output], _ right: [Translator.Output], file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(left.map(\.texts), right.map(\.texts), file: file, line: line)
        XCTAssertEqual(left.map { $0.hypotheses.map(\.tokens) }, right.map { $0.hypotheses.map(\.tokens) }, file: file, line: line)
        XCTAssertEqual(left.map { $0.hypotheses.map(\.score) }, right.map { $0.hypotheses.map(\.score) }, "scores bit for bit", file: file, line: line)
    }

    func testFloat32ExportTranslatesAsItsSourceCheckpoint() throws {
        let source = try trainedFile()
        let summary = try ModelExport.write(from: source, to: path("fp32.tern"), settings: ExportSettings())
        XCTAssertEqual(summary.steps, [20], "best by BLEU")
        let original = try ModelBundle.load(path: source, checkpoint: .best), exported = try ModelBundle.load(path: path("fp32.tern"))
        XCTAssertEqual(exported.model.storedParameters(), original.model.storedParameters(), "bit-identical weights")
        XCTAssertEqual(exported.storedCompute, .float32)
        for beam in [1, 3] { assertSame(try translate(exported, beam: beam), try translate(original, beam: beam)) }
        let file = try ModelFile(openingAt: path("fp32.tern"), access: .readOnly)
        XCTAssertEqual(try file.freePageCount(), 0)
        XCTAssertEqual(try file.checkpoints().map(\.tensorCount), [original.model.storedParameters().count], "no optimizer state")
        XCTAssertEqual(try file.trainingLog(), [], "no log unless asked")
        XCTAssertEqual(try file.meta(ModelExport.sourceKey), source)
    }

    func testExportSizes() throws {
        let source = try trainedFile(Self.large)
        let float32 = try ModelExport.write(from: source, to: path("fp32.tern"), settings: ExportSettings())
        let bytes = try XCTUnwrap(FileManager.default.attributesOfItem(atPath: path("fp32.tern"))[.size] as? NSNumber).intValue
        XCTAssertEqual(float32.fileBytes, bytes)
        XCTAssertEqual(float32.float32Bytes, 4 * (try ModelBundle.load(path: source).model.storedParameters().reduce(0) { $0 + $1.values.count }))
        XCTAssertLessThanOrEqual(Double(bytes) / Double(float32.float32Bytes), 1.05, "\(bytes) bytes for \(float32.float32Bytes) bytes of weights")
        let int8 = try ModelExport.write(from: source, to: path("int8.tern"), settings: ExportSettings(compute: .int8))
        XCTAssertLessThanOrEqual(Double(int8.fileBytes) / Double(int8.float32Bytes), 0.3, "\(int8.fileBytes) bytes for \(int8.float32Bytes) bytes of weights")
        XCTAssertEqual(try ModelFile(openingAt: path("int8.tern"), access: .readOnly).freePageCount(), 0)
        print("export sizes: \(float32.float32Bytes) bytes of weights, float32 \(bytes), int8 \(int8.fileBytes)")
    }

    func testInt8ExportTranslatesAsComputeInt8OnTheSource() throws {
        let source = try trainedFile()
        let summary = try ModelExport.write(from: source, to: path("int8.tern"), settings: ExportSettings(checkpoint: .last, compute: .int8))
        XCTAssertEqual(summary.steps, [30])
        let exported = try ModelBundle.load(path: path("int8.tern"))
        XCTAssertEqual(exported.storedCompute, .int8)
        // Greedy only: the int8 products are slow in a debug build.
        let original = try ModelBundle.load(path: source, checkpoint: .last)
        assertSame(try translate(exported, beam: 1), try translate(original, compute: .int8, beam: 1))
        // Every stored matrix is int8, every vector Float32.
        let file = try ModelFile(openingAt: path("int8.tern"), access: .readOnly)
        for tensor in try file.loadLatestCheckpoint().parameters {
            XCTAssertEqual(tensor.int8Rows != nil, tensor.shape.count == 2, tensor.name)
        }
    }

    func testAveragingTwoCheckpointsIsTheMeanOfTheirTensors() throws {
        let source = try trainedFile()
        let summary = try ModelExport.write(from: source, to: path("mean.tern"), settings: ExportSettings(average: 2))
        XCTAssertEqual(summary.steps, [20, 30])
        let file = try ModelFile(openingAt: source, access: .readOnly)
        let steps = try file.checkpoints()
        let second = try file.loadCheckpoint(id: steps[1].id).parameters, third = try file.loadCheckpoint(id: steps[2].id).parameters
        let mean = try ModelFile(openingAt: path("mean.tern"), access: .readOnly).loadLatestCheckpoint().parameters
        XCTAssertEqual(mean.map(\.name), second.map(\.name))
        for ((a, b), m) in zip(zip(second, third), mean) {
            for index in a.values.indices {
                let expected = (a.values[index] + b.values[index]) / 2
                XCTAssertEqual(m.values[index], expected, accuracy: expected.ulp, "\(m.name)[\(index)]")
            }
        }
        XCTAssertThrowsError(try ModelExport.write(from: source, to: path("four.tern"), settings: ExportSettings(average: 4))) {
            XCTAssertEqual($0 as? ExportError, .tooFewCheckpoints(path: source, asked: 4, stored: [10, 20, 30]))
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: path("four.tern")))
    }

    func testKeepLogCopiesTheLogAndRefusals() throws {
        let source = try trainedFile()
        try ModelExport.write(from: source, to: path("log.tern"), settings: ExportSettings(keepLog: true))
        XCTAssertEqual(try ModelFile(openingAt: path("log.tern"), access: .readOnly).trainingLog().map(\.step), [10, 20, 30])
        XCTAssertThrowsError(try ModelExport.write(from: source, to: path("log.tern"), settings: ExportSettings())) {
            XCTAssertEqual($0 as? ExportError, .outputExists(path: path("log.tern")))
        }
        XCTAssertThrowsError(try ModelExport.write(from: source, to: path("x.tern"), settings: ExportSettings(checkpoint: .step(15)))) {
            XCTAssertEqual($0 as? InferenceError, .noSuchCheckpoint(path: source, step: 15, available: [10, 20, 30]))
        }
    }
}
