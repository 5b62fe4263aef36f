import Foundation

/// What rank 0 tells the other ranks after each step of a data-parallel run: whether and why the run stops, and the
/// parts of the resume state that only its validation changes. Stop reasons come from rank 0 alone — its clock
/// (`max_minutes`), its Ctrl-C, its early stopping and its observers — so every rank ends at the same step; the
/// plateau state sets the next learning rate, so every rank takes the same update.
///
/// The position (step, epoch, batch) travels too, as a check: the ranks advance through the same batches, and a
/// difference means a bug, not a state to adopt.
struct LeaderDecision: Codable, Equatable {
    /// The `StopReason`, spelled out (the enum is not `Codable`).
    var stop: String?
    var stopMetric: String?
    var stopPatience: Int?
    var stopRequest: String?
    var stopStep: Int?
    var plateau: PlateauReducer
    var bestMetric: Double?
    var validationsWithoutImprovement: Int
    var step: Int
    var epoch: Int
    var batchPosition: Int

    init(stopReason: StopReason?, state: ResumeState) {
        switch stopReason {
        case nil: stop = nil
        case .budget: stop = "budget"
        case .epochs: stop = "epochs"
        case let .earlyStopping(metric, patience): (stop, stopMetric, stopPatience) = ("early_stopping", metric, patience)
        case .interrupted: stop = "interrupted"
        case let .requested(reason): (stop, stopRequest) = ("requested", reason)
        case let .diverged(step): (stop, stopStep) = ("diverged", step)
        }
        plateau = state.plateau
        bestMetric = state.bestMetric
        validationsWithoutImprovement = state.validationsWithoutImprovement
        (step, epoch, batchPosition) = (state.step, state.epoch, state.batchPosition)
    }

    var stopReason: StopReason? {
        switch stop {
        case "budget": return .budget
        case "epochs": return .epochs
        case "early_stopping": return .earlyStopping(metric: stopMetric ?? "", patience: stopPatience ?? 0)
        case "interrupted": return .interrupted
        case "requested": return .requested(stopRequest ?? "")
        case "diverged": return .diverged(step: stopStep ?? step)
        default: return nil
        }
    }
}
