import Foundation
import TernEval
import TernTrain
import TernTune

/// Watches one trial's training run: records the objective at each validation in the study file (one transaction
/// each), prints the trial's progress, and — with median pruning — asks the run to stop when the rule says so.
final class TrialObserver: TrainingObserver {
    let study: StudyFile
    let trial: Int
    let label: String
    let metric: ValidationMetric
    let pruning: MedianPruning?
    /// The curves of the finished (complete) trials, in minimised units, for the median rule.
    let finishedCurves: [[Int: Double]]
    let bestSoFar: String
    private(set) var curve: [Int: Double] = [:]
    private(set) var pruned = false
    private(set) var storageError: Error?

    init(study: StudyFile, trial: Int, label: String, metric: ValidationMetric, pruning: MedianPruning?,
         finishedCurves: [[Int: Double]], bestSoFar: String) {
        (self.study, self.trial, self.label, self.metric) = (study, trial, label, metric)
        (self.pruning, self.finishedCurves, self.bestSoFar) = (pruning, finishedCurves, bestSoFar)
    }

    /// The study minimises: a higher-is-better metric is negated.
    static func minimised(_ value: Double, _ metric: ValidationMetric) -> Double { metric.higherIsBetter ? -value : value }

    func validationFinished(_ validation: ValidationReport, run: TrainingRun) {
        let value = validation.result.value(of: metric)
        curve[validation.step] = value
        do { try study.record(trial: trial, step: validation.step, value: value) } catch {
            storageError = error
            run.requestStop("the study file could not be written: \(error)")
        }
        let shown = curve.keys.sorted().suffix(6).map { String(format: "%d:%.3g", $0, curve[$0]!) }.joined(separator: " ")
        StandardError.line("\(label) step \(validation.step) \(metric.rawValue) \(String(format: "%.4g", value)) [\(shown)]; best so far \(bestSoFar)")
        guard let pruning, !pruned else { return }
        let mine = curve.mapValues { TrialObserver.minimised($0, metric) }
        if pruning.shouldPrune(curve: mine, step: validation.step, finished: finishedCurves) {
            pruned = true
            run.requestStop("pruned by the median rule at step \(validation.step)")
        }
    }
}
