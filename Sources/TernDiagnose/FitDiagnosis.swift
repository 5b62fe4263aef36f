import Foundation
import TernStore

/// The fit diagnosis of a training run from its validation rows alone (the training log of the model file): which
/// ``FitVerdict``, the figures it rests on, and the remedies in order of cost.
///
/// Each validation row holds the dev loss, the loss of a fixed train sample scored the same way (no dropout, no label
/// smoothing), Prechelt's GL and P5, and the unigram loss of the training targets. The rules, applied in this order:
/// - **diverged**: a logged divergence (a non-finite training loss), or dev and train-sample perplexity both above
///   twice the vocabulary;
/// - **overfitting**: GL above ``Thresholds/generalizationLoss`` (per cent) while the train sample's loss is below
///   its value at the best dev validation;
/// - **underfitting**: the train sample's loss above ``Thresholds/unigramShare`` of the unigram loss, or it moved
///   less than ``Thresholds/moving`` since the previous validation with dev within ``Thresholds/gap`` of it;
/// - **still improving**: both losses fell by more than ``Thresholds/moving``;
/// - **stalled**: anything else.
public struct FitDiagnosis: Codable, Sendable {
    public struct Thresholds: Codable, Sendable {
        /// Prechelt's GL, per cent: dev loss this far above its best is overfitting.
        public var generalizationLoss = 5.0
        /// A relative change smaller than this is "not moving".
        public var moving = 0.01
        /// Train-sample loss above this share of the unigram loss is "learned little beyond frequencies".
        public var unigramShare = 0.7
        /// (dev − train sample) / train sample below this is a small gap.
        public var gap = 0.1

        public init() {}
    }

    public var verdict: FitVerdict
    /// The figures, in words, that decided it.
    public var reasons: [String]
    public var remedies: [Remedy]
    /// The last validation's figures by name (dev_loss, train_sample_loss, generalization_loss, …).
    public var figures: [String: Double]

    public static func diagnose(validations rows: [TrainingLogEntry], vocabularySize: Int, family: String,
                                thresholds: Thresholds = Thresholds()) -> FitDiagnosis {
        let rows = rows.filter { $0.kind == .valid }.sorted { $0.step < $1.step }
        guard let last = rows.last, let devLoss = last.loss else {
            return FitDiagnosis(verdict: .tooEarly, reasons: ["the model file has no validation yet"],
                                remedies: remedies(for: .tooEarly, family: family), figures: [:])
        }
        var figures = last.extra
        figures["dev_loss"] = devLoss
        figures["step"] = Double(last.step)
        // Worse than guessing uniformly on dev *and* on the training pairs: not a model that memorised its data (whose
        // dev perplexity can be as high), but one that learned nothing or blew up. A missing figure was not finite.
        let limit = 2 * Double(vocabularySize)
        let perplexity = last.extra["perplexity"] ?? .infinity
        let samplePerplexity = last.extra["train_sample_perplexity"] ?? last.extra["train_sample_loss"].map(Foundation.exp) ?? .infinity
        if last.extra["diverged"] != nil || (!(perplexity <= limit) && !(samplePerplexity <= limit)) {
            return FitDiagnosis(verdict: .diverged, reasons: [
                String(format: "at step %d dev perplexity %.1f and train-sample perplexity %.1f are above twice the vocabulary (%d): worse than guessing uniformly",
                       last.step, perplexity, samplePerplexity, 2 * vocabularySize)],
                remedies: remedies(for: .diverged, family: family), figures: figures)
        }
        let sampled = rows.filter { $0.extra["train_sample_loss"] != nil && $0.loss != nil }
        guard let lastSampled = sampled.last, lastSampled.step == last.step else {
            return FitDiagnosis(verdict: .tooEarly, reasons: ["the last validation has no train-sample figures (train_sample: 0, or a run from before they were logged)"],
                                remedies: remedies(for: .tooEarly, family: family), figures: figures)
        }
        let sampleLoss = lastSampled.extra["train_sample_loss"]!
        let unigram = lastSampled.extra["unigram_loss"] ?? .infinity
        let gl = lastSampled.extra["generalization_loss"] ?? 0
        let best = sampled.min { $0.loss! < $1.loss! }!
        let bestSampleLoss = best.extra["train_sample_loss"]!
        var reasons = [String(format: "at step %d: dev loss %.3f, train-sample loss %.3f (gap %.3f), unigram loss %.3f, GL %.1f %%",
                              last.step, devLoss, sampleLoss, devLoss - sampleLoss, unigram, gl)]
        if gl > thresholds.generalizationLoss && sampleLoss < bestSampleLoss {
            reasons.append(String(format: "dev loss is %.1f %% above its best (%.3f at step %d) while the train sample's fell from %.3f to %.3f",
                                  gl, best.loss!, best.step, bestSampleLoss, sampleLoss))
            return FitDiagnosis(verdict: .overfitting, reasons: reasons, remedies: remedies(for: .overfitting, family: family), figures: figures)
        }
        if sampleLoss > thresholds.unigramShare * unigram {
            reasons.append(String(format: "the train sample's loss is %.0f %% of the unigram loss: the model has learned little beyond word frequencies",
                                  100 * sampleLoss / unigram))
            return FitDiagnosis(verdict: .underfitting, reasons: reasons, remedies: remedies(for: .underfitting, family: family), figures: figures)
        }
        guard sampled.count >= 2 else {
            reasons.append("one validation with a train sample: no trend yet")
            return FitDiagnosis(verdict: .tooEarly, reasons: reasons, remedies: remedies(for: .tooEarly, family: family), figures: figures)
        }
        let previous = sampled[sampled.count - 2]
        let devChange = relativeChange(from: previous.loss!, to: devLoss)
        let sampleChange = relativeChange(from: previous.extra["train_sample_loss"]!, to: sampleLoss)
        reasons.append(String(format: "since step %d: dev loss %+.1f %%, train-sample loss %+.1f %%", previous.step,
                              100 * devChange, 100 * sampleChange))
        if abs(sampleChange) < thresholds.moving && (devLoss - sampleLoss) / sampleLoss < thresholds.gap {
            reasons.append("the train sample's loss has stopped falling and dev is close behind: more training alone will not help")
            return FitDiagnosis(verdict: .underfitting, reasons: reasons, remedies: remedies(for: .underfitting, family: family), figures: figures)
        }
        if devChange < -thresholds.moving && sampleChange < -thresholds.moving {
            return FitDiagnosis(verdict: .stillImproving, reasons: reasons, remedies: remedies(for: .stillImproving, family: family), figures: figures)
        }
        return FitDiagnosis(verdict: .stalled, reasons: reasons, remedies: remedies(for: .stalled, family: family), figures: figures)
    }

    static func relativeChange(from old: Double, to new: Double) -> Double { old != 0 ? (new - old) / abs(old) : 0 }

    /// What to try, cheapest first, naming the keys.
    public static func remedies(for verdict: FitVerdict, family: String) -> [Remedy] {
        let capacity = family == "rnn" ? ["embedding_size", "encoder_hidden", "decoder_hidden", "encoder_layers", "decoder_layers"]
            : ["d_model", "d_ff", "encoder_layers", "decoder_layers"]
        let budget = Remedy(action: "train longer: resume with a larger budget (tern train --resume M --set max_minutes=…)",
                            keys: ["max_steps", "max_minutes", "max_epochs"])
        let learningRate = Remedy(action: "check the learning rate with a range test (tern lr-find) and set it, with its warm-up",
                                  keys: ["learning_rate", "warmup", "schedule"])
        switch verdict {
        case .diverged:
            return [Remedy(action: "lower the learning rate (÷10 is a start), or find one with tern lr-find", keys: ["learning_rate"]),
                    Remedy(action: "warm up longer and clip the gradient norm", keys: ["warmup", "clip_norm"]),
                    Remedy(action: "check the data for misaligned or broken pairs", keys: ["max_length"])]
        case .overfitting:
            return [Remedy(action: "stop at the best checkpoint: early stopping, and translate with --checkpoint best", keys: ["patience", "early_stopping_metric"]),
                    Remedy(action: "regularise: more dropout, label smoothing, weight decay (with adamw)",
                           keys: ["dropout", "label_smoothing", "weight_decay", "optimizer"]),
                    Remedy(action: "more training data, or augmented data", keys: []),
                    Remedy(action: "a smaller model", keys: capacity)]
        case .underfitting:
            return [budget,
                    Remedy(action: "more capacity", keys: capacity),
                    Remedy(action: "less regularisation", keys: ["dropout", "label_smoothing", "weight_decay"]),
                    learningRate]
        case .stillImproving:
            return [budget]
        case .stalled:
            return [learningRate, Remedy(action: "reduce the rate when dev stops improving", keys: ["schedule: plateau"]),
                    Remedy(action: "more capacity", keys: capacity),
                    Remedy(action: "check the data for misaligned or broken pairs", keys: [])]
        case .tooEarly:
            return [Remedy(action: "validate at least twice, with the train sample on", keys: ["valid_every", "train_sample"])]
        }
    }
}
