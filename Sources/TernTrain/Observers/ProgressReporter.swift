import Foundation

/// The progress line of a training run on stderr: step, epoch, loss, learning rate, target tokens per second over
/// the last interval, and the time left to the step or time budget. stdout stays clean for data.
public struct ProgressReporter {
    public var maxSteps: Int
    public var maxSeconds: Double
    /// Time spent by earlier runs of the same training (a resumed run counts it against `maxSeconds`).
    public var earlierSeconds: Double
    private var intervalStart = Date()
    private var intervalTokens = 0
    private let runStart = Date()

    public init(maxSteps: Int, maxSeconds: Double, earlierSeconds: Double = 0) {
        self.maxSteps = maxSteps
        self.maxSeconds = maxSeconds
        self.earlierSeconds = earlierSeconds
    }

    /// Counts the target tokens of a step.
    public mutating func add(tokens: Int) { intervalTokens += tokens }

    /// Ends an interval: returns its tokens/s and resets the counter.
    public mutating func closeInterval() -> Double {
        let elapsed = Date().timeIntervalSince(intervalStart)
        let rate = elapsed > 0 ? Double(intervalTokens) / elapsed : 0
        intervalStart = Date()
        intervalTokens = 0
        return rate
    }

    public var elapsedSeconds: Double { Date().timeIntervalSince(runStart) }

    /// A line like `step 1200/5000 · epoch 3 · loss 4.213 · lr 8.7e-04 · 1,834 tok/s · ETA 41m 12s`.
    public func line(step: Int, startStep: Int, epoch: Int, loss: Float, learningRate: Float, tokensPerSecond: Double) -> String {
        var parts = ["step \(step)\(maxSteps > 0 ? "/\(maxSteps)" : "")", "epoch \(epoch)",
                     String(format: "loss %.3f", loss), String(format: "lr %.2e", learningRate),
                     "\(Int(tokensPerSecond.rounded())) tok/s",
                     ResidentMemory.progressFigure]
        var remaining: Double? = nil
        if maxSteps > 0, step > startStep {
            remaining = elapsedSeconds / Double(step - startStep) * Double(max(0, maxSteps - step))
        }
        if maxSeconds > 0 { remaining = min(remaining ?? .infinity, max(0, maxSeconds - earlierSeconds - elapsedSeconds)) }
        if let remaining, remaining.isFinite { parts.append("ETA \(Self.duration(remaining))") }
        return parts.joined(separator: " · ")
    }

    public static func duration(_ seconds: Double) -> String {
        let s = Int(seconds.rounded())
        if s >= 3600 { return "\(s / 3600)h \((s % 3600) / 60)m" }
        if s >= 60 { return "\(s / 60)m \(s % 60)s" }
        return "\(s)s"
    }
}
