import Foundation
import TernModels

/// Learning rate as a function of the update number (1-based: the rate used by the first update is `rate(at: 1)`).
/// Schedules are values, so the trainer can save what it needs to resume (the step; for reduce-on-plateau, its
/// state) and get the same rates back.
public enum LearningRateSchedule: Codable, Equatable, Sendable {
    /// The same rate throughout.
    case constant(rate: Float)
    /// fairseq's `inverse_sqrt`: linear warm-up from 0 to `peak` over `warmup` updates, then peak·√(warmup/step).
    case inverseSquareRoot(peak: Float, warmup: Int)
    /// Vaswani et al.'s schedule: factor · d^−½ · min(step^−½, step · warmup^−³⁄₂).
    case noam(factor: Float, modelSize: Int, warmup: Int)
    /// rate · decay^⌊step / every⌋.
    case stepDecay(rate: Float, decay: Float, every: Int)
    /// Linear warm-up to `peak`, then half a cosine down to `minimum` at `total` updates (and `minimum` after).
    case cosine(peak: Float, minimum: Float, warmup: Int, total: Int)

    public func rate(at step: Int) -> Float {
        let s = Float(max(step, 1))
        switch self {
        case let .constant(rate):
            return rate
        case let .inverseSquareRoot(peak, warmup):
            if warmup > 0 && step < warmup { return peak * s / Float(warmup) }
            return peak * (Float(max(warmup, 1)) / s).squareRoot()
        case let .noam(factor, modelSize, warmup):
            return factor / Float(modelSize).squareRoot() * min(1 / s.squareRoot(), s * Foundation.pow(Float(max(warmup, 1)), -1.5))
        case let .stepDecay(rate, decay, every):
            return rate * Foundation.pow(decay, Float(step / max(every, 1)))
        case let .cosine(peak, minimum, warmup, total):
            if warmup > 0 && step < warmup { return peak * s / Float(warmup) }
            if step >= total { return minimum }
            let progress = Float(step - warmup) / Float(max(total - warmup, 1))
            return minimum + (peak - minimum) * 0.5 * (1 + Foundation.cos(Float.pi * progress))
        }
    }
}

/// Reduce-on-plateau (PyTorch's `ReduceLROnPlateau`, relative threshold mode): after `patience` validations without
/// an improvement larger than `threshold`, the rate is multiplied by `factor`, not going below `minimum`.
/// It multiplies whatever the step schedule gives, so it composes with warm-up.
public struct PlateauReducer: Codable, Equatable, Sendable {
    public var factor: Float
    public var patience: Int
    public var threshold: Float
    public var minimumScale: Float
    public var higherIsBetter: Bool
    public private(set) var scale: Float = 1
    public private(set) var best: Float?
    public private(set) var badValidations = 0

    public init(factor: Float = 0.5, patience: Int = 3, threshold: Float = 1e-4, minimumScale: Float = 1e-3,
                higherIsBetter: Bool = false) {
        self.factor = factor
        self.patience = patience
        self.threshold = threshold
        self.minimumScale = minimumScale
        self.higherIsBetter = higherIsBetter
    }

    /// Records a validation score; returns true when the rate was just reduced.
    @discardableResult
    public mutating func observe(_ score: Float) -> Bool {
        if let best {
            let improved = higherIsBetter ? score > best * (1 + threshold) : score < best * (1 - threshold)
            if improved {
                self.best = score
                badValidations = 0
                return false
            }
            badValidations += 1
            if badValidations > patience {
                scale = max(scale * factor, minimumScale)
                badValidations = 0
                return true
            }
            return false
        }
        best = score
        return false
    }
}

extension ModelConfig {
    /// Noam's d: the width of the vectors the output layer reads — the Transformer's d_model, the RNN decoder's
    /// hidden size (512 in rnn-small, the value the RNN's Noam schedule used before it was read from the config).
    public var noamModelSize: Int {
        switch architecture {
        case .transformer(let settings): return settings.dModel
        case .rnn(let settings): return settings.decoderHidden
        }
    }
}
