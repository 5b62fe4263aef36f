import Foundation
import TernModels
import TernNN
import TernTensor

/// The learning-rate range test, as fastai's `lr_find` does it (after Smith, "Cyclical Learning Rates", 2017): train
/// from the given weights with the rate multiplied by a constant factor each step, from `start` to `end`; smooth the
/// loss with a debiased moving average (β = 0.98); stop once the smoothed loss exceeds 4× the best seen (or is not
/// finite). The suggestions read the smoothed curve: fastai's "valley" (the middle of the longest decreasing run),
/// "steepest" (the most negative slope against log lr), and the rate at the minimum over ten. The model's parameters
/// are put back afterwards, and nothing is written anywhere.
public struct LearningRateFinder {
    public var start: Float = 1e-7
    public var end: Float = 10
    public var steps = 100
    public var beta = 0.98
    public var divergenceFactor = 4.0

    public init(start: Float = 1e-7, end: Float = 10, steps: Int = 100) {
        (self.start, self.end, self.steps) = (start, end, steps)
    }

    public struct Result: Codable, Sendable {
        /// The rate of each step taken.
        public var rates: [Float]
        public var losses: [Double]
        public var smoothed: [Double]
        /// Whether the divergence rule ended the test before `steps`.
        public var stoppedEarly: Bool
        /// Indices into `rates`.
        public var valley: Int?
        public var steepest: Int?
        public var minimum: Int?

        public var valleyRate: Float? { valley.map { rates[$0] } }
        public var steepestRate: Float? { steepest.map { rates[$0] } }
        /// The rate at the minimum of the smoothed loss, divided by ten.
        public var minimumOverTen: Float? { minimum.map { rates[$0] / 10 } }
    }

    /// start · (end/start)^(i/(steps−1)) for i in 0..<steps: exponential, both ends included.
    public var rates: [Float] {
        let ratio = Double(end) / Double(start)
        return (0..<steps).map { Float(Double(start) * Foundation.pow(ratio, Double($0) / Double(max(steps - 1, 1)))) }
    }

    /// Runs the test on `model` with `settings`' optimizer and batching over `data`'s training pairs; restores the
    /// model's parameters before returning.
    public func run(model: any Seq2SeqModel, data: TrainingData, settings: TrainingSettings,
                    log: (String) -> Void = { _ in }) throws -> Result {
        let parameters = model.namedParameters().map { (name: $0.0, parameter: $0.1) }
        let saved = parameters.map(\.parameter.value)  // shared storage: the optimizer's writes copy, this keeps the originals
        defer { for (parameter, value) in zip(parameters.map(\.parameter), saved) { parameter.value = value } }
        model.train(true)
        let optimizer = settings.makeOptimizer()
        let batcher = TokenBatcher(pairs: data.trainPairs, maxTokens: settings.batchTokens, seed: settings.seed)
        var batches = batcher.batches(epoch: 1)[...], epoch = 1
        var recorder = LossRecorder(beta: beta, divergenceFactor: divergenceFactor)
        var taken: [Float] = []
        for rate in rates {
            var lossSum = 0.0, tokens = 0
            for _ in 0..<settings.accumulate {
                if batches.isEmpty { epoch += 1; batches = batcher.batches(epoch: epoch)[...] }
                let learned = TrainingRun.backward(batch: batches.removeFirst(), of: data.trainPairs, model: model, settings: settings)
                lossSum += learned.lossSum
                tokens += learned.tokens
            }
            if settings.clipNorm > 0 { clipGradientNorm(parameters.map(\.parameter), maxNorm: settings.clipNorm) }
            optimizer.learningRate = rate
            optimizer.update(parameters)
            taken.append(rate)
            let stop = recorder.add(lossSum / Double(max(tokens, 1)))
            log(String(format: "lr %.3e · loss %.4f · smoothed %.4f", rate, recorder.losses.last!, recorder.smoothed.last!))
            if stop { break }
        }
        return result(rates: taken, losses: recorder.losses, smoothed: recorder.smoothed)
    }

    /// The suggestions on the curve without its first tenth (of `steps`) and last five points, as fastai reads it: the
    /// start is noise at rates too small to move anything, the end is the blow-up. Indices refer to the whole curve.
    func result(rates: [Float], losses: [Double], smoothed: [Double]) -> Result {
        let skip = steps / 10
        let kept = skip < smoothed.count - 5 ? skip..<(smoothed.count - 5) : 0..<smoothed.count
        let curve = Array(smoothed[kept]), curveRates = Array(rates[kept])
        return Result(rates: rates, losses: losses, smoothed: smoothed, stoppedEarly: rates.count < steps,
                      valley: Self.valley(curve).map { $0 + kept.lowerBound },
                      steepest: Self.steepest(rates: curveRates, losses: curve).map { $0 + kept.lowerBound },
                      minimum: curve.indices.min { curve[$0] < curve[$1] }.map { $0 + kept.lowerBound })
    }

    /// The smoothed losses and the stop rule.
    struct LossRecorder {
        let beta: Double, divergenceFactor: Double
        var average = 0.0
        var losses: [Double] = [], smoothed: [Double] = []
        var best = Double.infinity

        /// Records a step's loss; true when the test should stop here.
        mutating func add(_ loss: Double) -> Bool {
            losses.append(loss)
            average = beta * average + (1 - beta) * loss
            let value = average / (1 - Foundation.pow(beta, Double(losses.count)))
            smoothed.append(value)
            if value < best { best = value }
            return !value.isFinite || value > divergenceFactor * best
        }
    }

    /// fastai's valley rule: the longest strictly decreasing subsequence of the losses (O(n²), n is small), and the
    /// point a third and a sixth of the way into it. Nil with fewer than two points.
    static func valley(_ losses: [Double]) -> Int? {
        let n = losses.count
        guard n >= 2 else { return nil }
        var runLength = [Int](repeating: 1, count: n)
        var bestEnd = 0
        for i in 1..<n {
            for j in 0..<i where losses[i] < losses[j] && runLength[i] < runLength[j] + 1 { runLength[i] = runLength[j] + 1 }
            if runLength[i] > runLength[bestEnd] { bestEnd = i }
        }
        let start = bestEnd - runLength[bestEnd]
        let sections = Double(bestEnd - start) / 3
        return max(0, start + Int(sections) + Int(sections / 2))
    }

    /// The index with the most negative slope of loss against log lr (forward differences).
    static func steepest(rates: [Float], losses: [Double]) -> Int? {
        guard losses.count >= 2 else { return nil }
        return (0..<(losses.count - 1)).min { a, b in
            slope(rates, losses, a) < slope(rates, losses, b)
        }
    }

    static func slope(_ rates: [Float], _ losses: [Double], _ i: Int) -> Double {
        (losses[i + 1] - losses[i]) / (Foundation.log(Double(rates[i + 1])) - Foundation.log(Double(rates[i])))
    }
}
