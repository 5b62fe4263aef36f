import Foundation
import TernDecode
import TernEval
import TernInference
import TernModels
import TernStore
import TernTensor
import TernText
import TernTrain

/// `tern bench translate --latency`: what a user waits for. The time to load a model file and translate one
/// sentence (a fresh `tern translate` for one line), and the per-sentence latency of interactive use
/// (`--line-buffered`: one sentence per search, the model loaded once), p50 and p95 over `sentences` sources — on
/// the throughput benchmark's model (random weights, written to a temporary model file first) and its workload
/// (sources of 20–30 ids, exactly 40 output tokens).
public struct LatencyBenchmark {
    public var configPath: String
    public var beams: [Int]
    public var compute: ComputeType = .float32
    public var sentences = 100, outputLength = 40, vocabulary = 8000

    /// CTranslate2's side, `ct2_latency.py` in this target's source folder (run from the checkout).
    public static let ct2Script = "ct2_latency.py"
    public static var scriptFolder: String { URL(fileURLWithPath: #filePath).deletingLastPathComponent().path }

    public init(configPath: String, beams: [Int]) {
        self.configPath = configPath
        self.beams = beams
    }

    public struct Result {
        public var beam: Int
        public var p50: Double
        public var p95: Double
    }

    /// Seconds to open the file, load the best checkpoint, prepare `compute` and translate one sentence (first beam).
    public private(set) var loadAndFirstSentence = 0.0

    public mutating func run() throws -> [Result] {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("tern-latency-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("model.tern").path
        try writeModel(to: path)
        let sources = TranslateBenchmark.randomSources(count: sentences, vocabulary: vocabulary)
        var bundle: ModelBundle?
        loadAndFirstSentence = try Stopwatch.seconds(throwing: {
            let loaded = try ModelBundle.load(path: path)
            try loaded.prepare(compute: compute)
            _ = translator(loaded, beam: beams[0]).translate(encoded: [sources[0]])
            bundle = loaded
        })
        return beams.map { beam in
            let translator = translator(bundle!, beam: beam)
            for source in sources.prefix(3) { _ = translator.translate(encoded: [source]) }  // warm-up
            let times = sources.map { source in Stopwatch.seconds { _ = translator.translate(encoded: [source]) } }.sorted()
            return Result(beam: beam, p50: Self.percentile(times, 0.50), p95: Self.percentile(times, 0.95))
        }
    }

    /// The nearest-rank percentile of sorted samples (the same rule as ct2_latency.py).
    static func percentile(_ sorted: [Double], _ fraction: Double) -> Double {
        sorted[max(0, Int((fraction * Double(sorted.count)).rounded(.up)) - 1)]
    }

    func translator(_ bundle: ModelBundle, beam: Int) -> Translator {
        var settings = SearchSettings(beamSize: beam, lengthPenalty: 0, maxLengthRatio: 0, maxLengthOffset: outputLength)
        settings.minLength = outputLength
        return Translator(bundle: bundle, settings: settings, batchSize: 1)
    }

    /// The benchmark's random model as a model file: its config, a vocabulary of placeholder tokens, one checkpoint.
    func writeModel(to path: String) throws {
        let config = try ConfigFile(path: configPath)
        let model = try ModelFactory.make(config.model, vocabularySize: vocabulary, seed: 1)
        let json = try ConfigSections(model: config.model, training: CheckpointRanking(metric: .bleu),
                                      subword: SubwordConfig(merges: 0), data: nil).json()
        let file = try ModelFile.create(at: path, configJSON: json)
        defer { file.close() }
        let specials = SpecialToken.allCases.map { (token: $0.text, frequency: 0) }
        try file.setJointVocabulary(specials + (specials.count..<vocabulary).map { (token: "t\($0)", frequency: 1) })
        try file.setMerges([])
        try file.saveCheckpoint(CheckpointContents(step: 1, epoch: 1, parameters: model.storedParameters()))
    }
}
