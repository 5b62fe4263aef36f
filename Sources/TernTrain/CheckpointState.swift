import Foundation
import TernModels
import TernNN
import TernStore
import TernTensor

/// Everything besides the weights that a run needs to continue exactly where it stopped: train N steps and resume
/// for N more gives the same parameters as 2N steps in one go.
public struct ResumeState: Codable, Equatable {
    public var step: Int
    public var epoch: Int
    /// Batches of `epoch` already consumed.
    public var batchPosition: Int
    public var optimizerStep: Int
    public var plateau: PlateauReducer
    public var bestMetric: Double?
    public var validationsWithoutImprovement: Int
    public var elapsedSeconds: Double
    public var runID: String
    /// Each dropout module's generator, by module name.
    public var dropoutGenerators: [String: [UInt64]]
}

extension StoredTensor {
    init(name: String, tensor: Tensor) {
        self.init(name: name, shape: tensor.shape, values: tensor.scalars)
    }

    var tensor: Tensor { Tensor(shape: shape, values: values) }
}

enum CheckpointState {
    static func parameters(of model: any Seq2SeqModel) -> [StoredTensor] {
        model.namedParameters().map { StoredTensor(name: $0.0, tensor: $0.1.value) }
    }

    /// Loads the weights by name; every parameter of the model must be present with the shape the config gives.
    static func load(_ stored: [StoredTensor], into model: any Seq2SeqModel, path: String) throws {
        let byName = Dictionary(stored.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        for (name, parameter) in model.namedParameters() {
            guard let tensor = byName[name] else {
                throw TrainingError.resume("\(path) has no tensor '\(name)', which the model config needs")
            }
            guard tensor.shape == parameter.shape else {
                throw TrainingError.resume("tensor '\(name)' in \(path) has shape \(tensor.shape), the model config gives \(parameter.shape)")
            }
            parameter.value = tensor.tensor
        }
    }

    static func dropoutGenerators(of model: any Seq2SeqModel) -> [String: [UInt64]] {
        var result: [String: [UInt64]] = [:]
        for (name, module) in model.namedModules() {
            if let dropout = module as? Dropout { result[name] = dropout.generator.state }
        }
        return result
    }

    static func restoreDropoutGenerators(_ states: [String: [UInt64]], in model: any Seq2SeqModel) {
        for (name, module) in model.namedModules() {
            if let dropout = module as? Dropout, let state = states[name] { dropout.generator = SeededGenerator(state: state) }
        }
    }
}
