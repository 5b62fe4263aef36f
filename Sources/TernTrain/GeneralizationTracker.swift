/// Prechelt's measures of where a run stands ("Early stopping — but when?", 1998), kept across validations and
/// resumes: the generalisation loss GL(t) = 100 · (E_dev(t) / E_best(t) − 1), how far the dev loss is above its best
/// so far, in per cent; and the training progress P_k(t) = 1000 · (mean / min − 1) of the training loss over the
/// last k strips, how much training is still moving, in per mille. A strip here is `log_every` steps (Prechelt's is an
/// epoch; NMT runs validate long before an epoch ends).
public struct GeneralizationTracker: Codable, Equatable, Sendable {
    /// Prechelt's k.
    public static let stripCount = 5
    /// The lowest dev loss so far.
    public private(set) var bestDevLoss: Double?
    /// The mean training loss of the last `stripCount` strips, oldest first.
    public private(set) var strips: [Double] = []
    var stripLossSum = 0.0
    var stripTokens = 0
    var stripSteps = 0

    public init() {}

    /// Adds an update's training loss (per token, over `tokens` target tokens); closes a strip every `stripLength`.
    mutating func add(loss: Double, tokens: Int, stripLength: Int) {
        stripLossSum += loss * Double(tokens)
        stripTokens += tokens
        stripSteps += 1
        guard stripSteps >= stripLength else { return }
        strips.append(stripLossSum / Double(max(stripTokens, 1)))
        if strips.count > Self.stripCount { strips.removeFirst(strips.count - Self.stripCount) }
        (stripLossSum, stripTokens, stripSteps) = (0, 0, 0)
    }

    /// GL for a validation's dev loss (0 at a new best), recording the best.
    mutating func generalizationLoss(devLoss: Double) -> Double {
        if let best = bestDevLoss, best > 0, devLoss.isFinite, devLoss > best { return 100 * (devLoss / best - 1) }
        if devLoss.isFinite { bestDevLoss = devLoss }
        return 0
    }

    /// P_k over the recorded strips; nil until there are k.
    public var trainingProgress: Double? {
        guard strips.count == Self.stripCount, let minimum = strips.min(), minimum > 0 else { return nil }
        let mean = strips.reduce(0, +) / Double(strips.count)
        return 1000 * (mean / minimum - 1)
    }
}
