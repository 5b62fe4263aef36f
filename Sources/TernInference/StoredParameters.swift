import TernModels
import TernNN
import TernStore
import TernTensor

extension StoredTensor {
    /// A stored copy of `tensor` under `name`.
    public init(name: String, tensor: Tensor) {
        self.init(name: name, shape: tensor.shape, values: tensor.scalars)
    }

    public var tensor: Tensor { Tensor(shape: shape, values: values) }
}

extension Seq2SeqModel {
    /// Every parameter, by its dotted name, as a checkpoint stores it.
    public func storedParameters() -> [StoredTensor] {
        namedParameters().map { StoredTensor(name: $0.0, tensor: $0.1.value) }
    }

    /// Loads the weights by name; every parameter of the model must be present with the shape its config gives.
    ///
    /// - Throws: ``InferenceError/incompatibleCheckpoint(path:reason:)`` naming the tensor.
    public func loadParameters(_ stored: [StoredTensor], from path: String) throws {
        let byName = Dictionary(stored.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        for (name, parameter) in namedParameters() {
            guard let tensor = byName[name] else {
                throw InferenceError.incompatibleCheckpoint(path: path, reason: "it has no tensor '\(name)', which the model config needs")
            }
            guard tensor.shape == parameter.shape else {
                throw InferenceError.incompatibleCheckpoint(
                    path: path, reason: "tensor '\(name)' has shape \(tensor.shape), the model config gives \(parameter.shape)")
            }
            parameter.value = tensor.tensor
        }
    }
}
