import Foundation

/// Optuna's median rule (`MedianPruner`): stop a trial at a validation when its best value so far is worse than
/// the median of the earlier finished trials' values at the same step. Values are minimised (a caller that
/// maximises BLEU negates it). No pruning before `startupTrials` trials have finished, before `warmupSteps`, or at
/// a step where no finished trial has a value.
public struct MedianPruning: Equatable, Sendable {
    public var startupTrials: Int
    public var warmupSteps: Int

    public init(startupTrials: Int = 5, warmupSteps: Int = 0) {
        self.startupTrials = startupTrials
        self.warmupSteps = warmupSteps
    }

    /// - Parameters:
    ///   - curve: this trial's values so far, by step (the current step included).
    ///   - step: the step just validated.
    ///   - finished: the curves of the trials that ran to completion.
    public func shouldPrune(curve: [Int: Double], step: Int, finished: [[Int: Double]]) -> Bool {
        guard finished.count >= startupTrials, step >= warmupSteps else { return false }
        // A NaN is no result: Optuna prunes it.
        let values = curve.filter { $0.key <= step }.map(\.value)
        if values.contains(where: { $0.isNaN }) { return true }
        guard let best = values.min() else { return false }
        let others = finished.compactMap { $0[step] }.filter { !$0.isNaN }.sorted()
        guard !others.isEmpty else { return false }
        let middle = others.count / 2
        let median = others.count % 2 == 1 ? others[middle] : (others[middle - 1] + others[middle]) / 2
        return best > median
    }
}
