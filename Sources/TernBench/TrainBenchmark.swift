import Foundation
import TernModels
import TernNN
import TernTensor
import TernTrain

/// `tern bench train`: steady-state training throughput of a preset on the exact setting of the PyTorch
/// reference (`torch_train.py`): random ids, 128 sentences × 32 source and 32 target tokens, vocabulary 8000,
/// dropout 0.1, label smoothing 0.1, Adam. Prints target tokens/s, model FLOP/s as a fraction of the measured peak,
/// and peak memory.
public struct TrainBenchmark {
    public var configPath: String
    public var steps: Int
    public var warmup: Int
    public var threads: Int
    public var batch = 128, sourceLength = 32, targetLength = 32, vocabulary = 8000
    /// Of the matrix products, as training's `precision` key after `auto` is resolved.
    public var precision = MatmulPrecision.fp32
    /// Time every GEMM call by shape (``GemmProfile``) and every op forward and backward (``OpProfile``).
    public var profile = false
    /// Also time steps that take per-layer statistics (``LayerStatisticsCollector``), alternating with plain steps so
    /// both see the same machine.
    public var statistics = false
    /// Data parallelism (`mpirun … tern bench train`): each rank trains on its own random batch of `batch`
    /// sentences, and the gradients are summed over the ranks before the update, as in training.
    public var ranks: RankGroup?

    public init(configPath: String, steps: Int, warmup: Int, threads: Int) {
        self.configPath = configPath
        self.steps = steps
        self.warmup = warmup
        self.threads = threads
    }

    public struct Result {
        public var family: String
        public var parameters: Int
        public var medianStep: Double
        public var targetTokensPerSecond: Double
        public var gflops: Double
        public var peakResidentBytes: Int
        /// The engine's own peak of live tensor memory (without the pool's cached free buffers).
        public var peakTensorBytes: Int
        public var finalLoss: Float
        /// With ``statistics``: the median step that took per-layer statistics.
        public var medianStatisticsStep: Double?
        /// Of the timed steps: all their seconds, and those spent summing gradients over the ranks.
        public var timedSeconds: Double
        public var communicationSeconds: Double
    }

    public func run(log: (String) -> Void) throws -> Result {
        Kernels.setThreads(threads)
        Gemm.precision = precision
        defer { Gemm.precision = .fp32 }
        let config = try ConfigFile(path: configPath, overrides: ["dropout=0.1"])
        let model = try ModelFactory.make(config.model, vocabularySize: vocabulary, seed: 1)
        model.train(true)
        let parameters = model.namedParameters()
        let optimizer = Adam(learningRate: 3e-4, beta1: 0.9, beta2: 0.98, epsilon: 1e-9)
        var generator = SeededGenerator(seed: 1 + UInt64(ranks?.rank ?? 0))
        func randomIds(_ count: Int) -> [Int32] { (0..<count).map { _ in Int32(4 + generator.next() % UInt64(vocabulary - 4)) } }

        var loss: Float = 0
        let collector = LayerStatisticsCollector()
        var stepNumber = 0
        var communication = 0.0
        func step(takingStatistics: Bool) {
            stepNumber += 1
            if takingStatistics { collector.begin(model: model) }
            let source = TokenBatch(ids: randomIds(batch * sourceLength), batchSize: batch, length: sourceLength,
                                    lengths: [Int](repeating: sourceLength, count: batch))
            let target = randomIds(batch * (targetLength + 1))
            var input = [Int32](), output = [Int32]()
            for b in 0..<batch {
                let row = target[(b * (targetLength + 1))..<((b + 1) * (targetLength + 1))]
                input += row.dropLast()
                output += row.dropFirst()
            }
            let targetInput = TokenBatch(ids: input, batchSize: batch, length: targetLength,
                                         lengths: [Int](repeating: targetLength, count: batch))
            OpProfile.mark()
            let logits = model.forward(source: source, targetInput: targetInput).logits
            let value = crossEntropy(logits: logits, targets: output, labelSmoothing: 0.1, ignoreIndex: TokenBatch.padId)
            value.backward()
            if takingStatistics { collector.gradientsReady(model: model, step: stepNumber, runID: "bench") }
            if let ranks {
                var totals: [Double] = []
                communication += Stopwatch.seconds { try! ranks.sum(gradientsOf: parameters.map(\.1), totals: &totals) }
            }
            OpProfile.measure("optimizer update (Adam)") { optimizer.update(parameters) }
            if takingStatistics {
                collector.finish(model: model, step: stepNumber, runID: "bench")
                _ = collector.take()
            }
            loss = value.item
        }
        for _ in 0..<warmup { step(takingStatistics: false) }
        communication = 0
        GemmProfile.reset()
        GemmProfile.isEnabled = profile
        OpProfile.reset()
        OpProfile.isEnabled = profile
        defer { GemmProfile.isEnabled = false; OpProfile.isEnabled = false }
        var times: [Double] = [], statisticsTimes: [Double] = []
        for i in 0..<steps {
            times.append(Stopwatch.seconds { step(takingStatistics: false) })
            log(String(format: "  step %d: %.3f s, loss %.3f", i + 1, times.last!, loss))
            if statistics {
                statisticsTimes.append(Stopwatch.seconds { step(takingStatistics: true) })
                log(String(format: "  step %d with statistics: %.3f s", i + 1, statisticsTimes.last!))
            }
        }
        times.sort()
        statisticsTimes.sort()
        let median = times[times.count / 2]
        let parameterCount = parameters.reduce(0) { $0 + $1.1.count }
        let tokens = Double(batch * targetLength)
        return Result(family: config.model.family.rawValue, parameters: parameterCount, medianStep: median,
                      targetTokensPerSecond: tokens / median, gflops: 6 * Double(parameterCount) * tokens / median * 1e-9,
                      peakResidentBytes: ResidentMemory.peakBytes, peakTensorBytes: BufferPool.shared.peakLiveBytes, finalLoss: loss,
                      medianStatisticsStep: statisticsTimes.isEmpty ? nil : statisticsTimes[statisticsTimes.count / 2],
                      timedSeconds: times.reduce(0, +), communicationSeconds: communication)
    }
}

