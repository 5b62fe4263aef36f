import TernTensor

/// The base of every layer and model: a node of the parameter tree.
///
/// A subclass lists what it owns with explicit string keys — its own ``Parameter``s in ``ownParameters`` and its
/// sub-modules in ``children`` — so the dotted names (`encoder.layers.0.self_attn.q_proj.weight`) are fixed by
/// those strings, not by Swift property names; renaming a property cannot change a checkpoint key. Nothing is found
/// by reflection (a test uses `Mirror` only to check that these lists are complete).
///
/// Concrete layers are `final class`es: identity matters, because a tied weight is one `Parameter` held by two
/// modules, and optimizers key their state by it.
open class Module {
    /// Whether the module is in training mode (dropout active). Set for a whole tree with ``train(_:)``.
    public var training = true
    /// Set while per-layer statistics are taken (``attach(_:)``); layers hand it their outputs. Weak: the statistics
    /// observer owns it.
    public weak var probe: ActivationProbe?

    public init() {}

    /// This module's own parameters (not its children's), by key. Overridden by every layer that has weights.
    open var ownParameters: [(key: String, parameter: Parameter)] { [] }

    /// The direct sub-modules, by key. A list of layers uses keys `layers.0`, `layers.1`, ….
    open var children: [(key: String, module: Module)] { [] }

    /// Sets training mode on this module and every module below it.
    public func train(_ on: Bool = true) {
        for (_, module) in namedModules() { module.training = on }
    }

    /// Runs `body` with the whole tree in evaluation mode (dropout off), then puts back the mode it had: what
    /// validation, decoding and attention export do in the middle of a training run.
    public func inEvaluationMode<Result>(_ body: () throws -> Result) rethrows -> Result {
        let wasTraining = training
        train(false)
        defer { train(wasTraining) }
        return try body()
    }
}
