import TernTensor

/// The optimizers `optimizer` names.
public enum OptimizerKind: String, CaseIterable, Codable, Sendable {
    /// Adam with L2 weight decay added to the gradient (`torch.optim.Adam`).
    case adam
    /// Adam with decoupled weight decay (`torch.optim.AdamW`).
    case adamw
    /// Stochastic gradient descent with optional momentum.
    case sgd

    public static var accepted: String { "adam, adamw or sgd" }
}

/// The learning-rate schedules `schedule` names (``LearningRateSchedule`` holds their maths).
public enum ScheduleKind: String, CaseIterable, Codable, Sendable {
    case constant
    case inverseSquareRoot = "inverse_sqrt"
    case noam
    case step
    case cosine
    /// The constant rate, scaled down by ``PlateauReducer`` when the dev loss stops improving.
    case plateau

    public static var accepted: String { "constant, inverse_sqrt, noam, step, cosine or plateau" }
}

/// The `precision` of matrix products in training (``TernTensor/MatmulPrecision``): `auto` measures fp32 against
/// bf16 when a run starts (``TernTensor/PrecisionProbe``) and records what it picked in the model file's config.
public enum PrecisionSetting: String, CaseIterable, Codable, Sendable {
    case auto, fp32, bf16

    public static var accepted: String { "auto, fp32 or bf16" }

    /// The products' precision a run uses. `auto` stands for fp32 here: a new run resolves it before it starts, so
    /// only a model file written before this key existed (which trained in fp32) still holds it.
    public var matmulPrecision: MatmulPrecision { self == .bf16 ? .bf16 : .fp32 }
}
