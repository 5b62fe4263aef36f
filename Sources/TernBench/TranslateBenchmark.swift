import Foundation
import TernDecode
import TernModels
import TernTensor
import TernTrain

/// `tern bench translate`: decoding throughput on the setting of `ct2_decode.py` — transformer-small dimensions,
/// random weights, 500 random sources of 20–30 tokens (vocabulary 8000), batches of 64 sorted by length, exactly 40
/// output tokens per sentence (`</s>` forbidden before 40 and the length capped at 40), greedy and beam 5.
public struct TranslateBenchmark {
    public var configPath: String
    public var threads: Int
    public var beams: [Int]
    public var repeats: Int
    public var sentences = 500, batchSize = 64, outputLength = 40, vocabulary = 8000
    /// Time the search's phases (``PhaseProfile``) and every GEMM by shape (``GemmProfile``) over the timed passes.
    public var profile = false
    /// The arithmetic of the model's inference products (``ComputeType``).
    public var compute: ComputeType = .float32
    /// Beam search's ``SearchSettings/keepsGreedyPath`` (false: CTranslate2's search, without the extra row).
    public var keepsGreedyPath = true

    public init(configPath: String, threads: Int, beams: [Int], repeats: Int) {
        self.configPath = configPath
        self.threads = threads
        self.beams = beams
        self.repeats = repeats
    }

    /// `count` random sources of 20–30 ids in 4..<vocabulary, each ending in `</s>` (seed 0).
    static func randomSources(count: Int, vocabulary: Int) -> [[Int32]] {
        var generator = SeededGenerator(seed: 0)
        return (0..<count).map { _ in
            let length = 20 + Int(generator.next() % 11)
            return (0..<length).map { _ in Int32(4 + generator.next() % UInt64(vocabulary - 4)) } + [TokenBatch.eosId]
        }
    }

    public struct Result {
        public var beam: Int
        public var sentencesPerSecond: Double
        public var outputTokensPerSecond: Double
        /// Wall time of all timed passes (what the profile's seconds add up against).
        public var seconds: Double
        /// With ``profile``: the phase and GEMM lines, summed over the timed passes.
        public var profile: [String]
    }

    public func run() throws -> [Result] {
        Kernels.setThreads(threads)
        let config = try ConfigFile(path: configPath)
        let model = try ModelFactory.make(config.model, vocabularySize: vocabulary, seed: 1)
        model.train(false)
        try model.prepareForInference(compute: compute)
        let sources = Self.randomSources(count: sentences, vocabulary: vocabulary)
        let order = sources.indices.sorted { sources[$0].count < sources[$1].count }
        var results: [Result] = []
        for beam in beams {
            let settings = SearchSettings(beamSize: beam, lengthPenalty: 0, maxLengthRatio: 0, maxLengthOffset: outputLength)
            var forced = settings
            forced.minLength = outputLength
            forced.keepsGreedyPath = keepsGreedyPath
            func pass() -> Int {
                var tokens = 0
                var start = 0
                while start < order.count {
                    let batch = order[start..<min(order.count, start + batchSize)].map { sources[$0] }
                    start += batchSize
                    for hypotheses in translate(model: model, sources: batch, settings: forced) { tokens += hypotheses[0].tokens.count }
                }
                return tokens
            }
            _ = pass()  // warm-up: primitives JIT-compiled, pool filled
            PhaseProfile.reset()
            GemmProfile.reset()
            PhaseProfile.isEnabled = profile
            GemmProfile.isEnabled = profile
            defer { PhaseProfile.isEnabled = false; GemmProfile.isEnabled = false }
            var times: [Double] = []
            var tokens = 0
            for _ in 0..<repeats { times.append(Stopwatch.seconds { tokens = pass() }) }
            times.sort()
            let median = times[times.count / 2]
            var profileLines: [String] = []
            if profile {
                profileLines = PhaseProfile.report + [String(format: "GEMM total %.3f s", GemmProfile.totalSeconds)]
                    + GemmProfile.report.prefix(12)
            }
            results.append(Result(beam: beam, sentencesPerSecond: Double(sentences) / median, outputTokensPerSecond: Double(tokens) / median,
                                  seconds: times.reduce(0, +), profile: profileLines))
        }
        return results
    }
}
