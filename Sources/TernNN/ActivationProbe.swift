import TernTensor

/// What a layer hands to an ``ActivationProbe``.
public enum ActivationRole: String, CaseIterable, Sendable {
    /// A layer's output: embeddings, an encoder or decoder layer, a recurrent state.
    case output
    /// The feed-forward hidden layer after its activation, where dead units show (last axis: the units).
    case hidden
    /// Attention probabilities.
    case attention
    /// Sigmoid gates (GRU r, z; LSTM i, f, o): saturated below 0.01 or above 0.99.
    case sigmoidGates = "sigmoid_gates"
    /// Tanh gates (GRU n; LSTM g): saturated where |x| > 0.99.
    case tanhGates = "tanh_gates"
}

/// Receives layer outputs during a forward pass, for per-layer statistics. A probe is attached to a module tree only
/// while statistics are taken (``Module/attach(_:)``); layers test for it once per call, so without one nothing is
/// computed or kept, and with one the values are seen as they are produced — no second forward pass.
public protocol ActivationProbe: AnyObject {
    /// - Parameters:
    ///   - values: the tensor as the layer produced it (row-major; its last axis is the units).
    ///   - role: what the values are.
    ///   - module: the layer that produced them (the probe knows the tree's names).
    func record(_ values: Tensor, _ role: ActivationRole, of module: Module)
}

extension Module {
    /// Attaches `probe` to this module and every module below it (nil detaches).
    public func attach(_ probe: ActivationProbe?) {
        for (_, module) in namedModules() { module.probe = probe }
    }
}
