import Foundation

/// The steps since the last log line, averaged: loss weighted by target tokens (so the figure is per token, however
/// the batches were cut), tokens per second of wall time, and the mean gradient norm.
struct IntervalAverages {
    private var lossSum = 0.0
    private var tokens = 0
    private var gradientNormSum = 0.0
    private var steps = 0
    private var start = Date()

    mutating func add(_ step: StepReport) {
        lossSum += step.loss * Double(step.targetTokens)
        tokens += step.targetTokens
        gradientNormSum += Double(step.gradientNorm)
        steps += 1
    }

    struct Figures {
        var loss: Double
        var tokensPerSecond: Double
        var gradientNorm: Double
    }

    /// The interval's figures; starts the next interval.
    mutating func close() -> Figures {
        let seconds = Date().timeIntervalSince(start)
        let figures = Figures(loss: lossSum / Double(max(tokens, 1)), tokensPerSecond: seconds > 0 ? Double(tokens) / seconds : 0,
                              gradientNorm: gradientNormSum / Double(max(steps, 1)))
        self = IntervalAverages()
        return figures
    }
}
