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
