/// The steps since the last log line, averaged: loss weighted by target tokens (so the figure is per token, however
/// the batches were cut), tokens per second of wall time, and the mean gradient norm.
///
/// Time is read from the steps' own `elapsedSeconds`, not from the clock at `close()`, so every observer that averages
/// the same steps gets the same figures: the training log and the TensorBoard scalars agree to the bit.
struct IntervalAverages {
    private var lossSum = 0.0
    private var tokens = 0
    private var gradientNormSum = 0.0
    private var steps = 0
    private var startSeconds: Double
    private var lastSeconds: Double

    /// - Parameter startSeconds: the run's elapsed seconds when the interval starts (`run.state.elapsedSeconds` at
    ///   `runStarted`).
    init(startSeconds: Double = 0) { (self.startSeconds, lastSeconds) = (startSeconds, startSeconds) }

    mutating func add(_ step: StepReport) {
        lossSum += step.loss * Double(step.targetTokens)
        tokens += step.targetTokens
        gradientNormSum += Double(step.gradientNorm)
        steps += 1
        lastSeconds = step.elapsedSeconds
    }

    struct Figures {
        var loss: Double
        var tokensPerSecond: Double
        var gradientNorm: Double
    }

    /// The interval's figures; starts the next interval.
    mutating func close() -> Figures {
        let seconds = lastSeconds - startSeconds
        let figures = Figures(loss: lossSum / Double(max(tokens, 1)), tokensPerSecond: seconds > 0 ? Double(tokens) / seconds : 0,
                              gradientNorm: gradientNormSum / Double(max(steps, 1)))
        self = IntervalAverages(startSeconds: lastSeconds)
        return figures
    }
}
