import Foundation
import TernModels
import TernNN
import TernTensor

/// Everything besides the weights and the optimizer's moments that a run needs to continue exactly where it stopped:
/// train N steps and resume for N more gives the same parameters as 2N steps in one go. Stored as JSON in each
/// checkpoint (the field names are the JSON keys, so they are part of the model format).
public struct ResumeState: Codable, Equatable {
    public var step: Int
    public var epoch: Int
    /// Batches of `epoch` already consumed.
    public var batchPosition: Int
    public var optimizerStep: Int
    public var plateau: PlateauReducer
    /// The best value of the early-stopping metric so far.
    public var bestMetric: Double?
    public var validationsWithoutImprovement: Int
    public var elapsedSeconds: Double
    public var runID: String
    /// Each dropout module's generator, by module name.
    public var dropoutGenerators: [String: [UInt64]]
    /// GL and P_k's history (absent in checkpoints written before they were logged: they start afresh).
    public var generalization: GeneralizationTracker?

    /// The state before a new run's first step.
    static func fresh(plateau: PlateauReducer) -> ResumeState {
        ResumeState(step: 0, epoch: 1, batchPosition: 0, optimizerStep: 0, plateau: plateau, bestMetric: nil,
                    validationsWithoutImprovement: 0, elapsedSeconds: 0, runID: UUID().uuidString, dropoutGenerators: [:],
                    generalization: GeneralizationTracker())
    }

    func json() throws -> String { String(decoding: try JSONEncoder().encode(self), as: UTF8.self) }
}

/// The dropout masks' generators, saved and restored by module name so that a resumed run draws the same masks.
enum DropoutGenerators {
    static func states(of model: any Seq2SeqModel) -> [String: [UInt64]] {
        var result: [String: [UInt64]] = [:]
        for (name, module) in model.namedModules() {
            if let dropout = module as? Dropout { result[name] = dropout.generator.state }
        }
        return result
    }

    static func restore(_ states: [String: [UInt64]], in model: any Seq2SeqModel) {
        for (name, module) in model.namedModules() {
            if let dropout = module as? Dropout, let state = states[name] { dropout.generator = SeededGenerator(state: state) }
        }
    }
}
