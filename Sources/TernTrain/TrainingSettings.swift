import Foundation
import TernEval
import TernText

/// Everything about a training run that is not the architecture: data preparation, batching, optimisation,
/// validation and checkpointing. Keys are snake_case, as in the YAML config files, and every key has a default,
/// so a config file only names what it changes. `tern train --help` lists them (``TrainingSettings/documentation``).
public struct TrainingSettings: Codable, Equatable, Sendable {
    // data
    public var bpeMerges = 8000
    public var bpeMinFrequency = 2
    public var jointVocabulary = true
    public var lowercase = false
    public var maxLength = 100
    /// BPE-dropout (Provilkov et al. 2020): training sentences are re-segmented each epoch with each merge dropped at
    /// this rate (0 = off; 0.1 in the paper). Dev, test, the train sample and translation never drop merges.
    public var bpeDropout = 0.0
    /// Extra training pairs (back-translations, for example), aligned file for file; read beside the main corpus.
    public var srcExtra: [String] = []
    public var tgtExtra: [String] = []
    /// A word put before every extra source (tagged back-translation, Caswell et al. 2019), "" for none: one
    /// reserved vocabulary token that BPE never splits.
    public var extraTag = ""
    // batching
    public var batchTokens = 4096
    public var accumulate = 1
    public var seed: UInt64 = 1
    // stopping
    public var maxSteps = 0
    public var maxEpochs = 0
    public var maxMinutes: Double = 0
    public var patience = 0
    public var earlyStoppingMetric = ValidationMetric.bleu
    // optimisation
    public var optimizer = OptimizerKind.adam
    public var learningRate: Float = 1e-3
    public var beta1: Float = 0.9
    public var beta2: Float = 0.98
    public var adamEpsilon: Float = 1e-9
    public var weightDecay: Float = 0
    public var momentum: Float = 0
    public var schedule = ScheduleKind.inverseSquareRoot
    public var warmup = 1000
    public var noamFactor: Float = 2
    public var decayFactor: Float = 0.5
    public var decayEvery = 10000
    public var minLearningRate: Float = 0
    public var plateauPatience = 3
    public var plateauFactor: Float = 0.5
    public var clipNorm: Float = 1
    public var labelSmoothing: Float = 0.1
    /// Of matrix products' inputs: auto, fp32 or bf16 (fp32 accumulation; weights, optimizer state, softmax, layer
    /// norm and loss stay fp32).
    public var precision = PrecisionSetting.auto
    // monitoring
    public var logEvery = 100
    public var validEvery = 1000
    public var validBatchTokens = 8000
    public var samples = 3
    /// Cross-attention heatmaps of this many dev sentences at each validation, beside the model file (0 = none).
    public var attentionPlots = 3
    /// Training pairs scored beside the dev set at each validation; nil (the default) as many as the dev set, 0 = off.
    public var trainSample: Int? = nil
    /// Redraw the training curves and per-layer charts beside the model file at each checkpoint.
    public var curvePlots = true
    /// Per-layer statistics every this many steps; nil (the default) at each validation, 0 = off.
    public var statsEvery: Int? = nil
    /// A directory for TensorBoard event files of the run's scalars (empty = none).
    public var tensorboardDir = ""
    public var keepLast = 2
    public var keepBest = 1
    public var threads = 0

    public init() {}

    enum CodingKeys: String, CodingKey, CaseIterable {
        case bpeMerges = "bpe_merges", bpeMinFrequency = "bpe_min_frequency", jointVocabulary = "joint_vocabulary"
        case lowercase, maxLength = "max_length", bpeDropout = "bpe_dropout", srcExtra = "src_extra", tgtExtra = "tgt_extra"
        case extraTag = "extra_tag", batchTokens = "batch_tokens", accumulate, seed
        case maxSteps = "max_steps", maxEpochs = "max_epochs", maxMinutes = "max_minutes", patience
        case earlyStoppingMetric = "early_stopping_metric", optimizer, learningRate = "learning_rate", beta1, beta2
        case adamEpsilon = "adam_epsilon", weightDecay = "weight_decay", momentum, schedule, warmup
        case noamFactor = "noam_factor", decayFactor = "decay_factor", decayEvery = "decay_every"
        case minLearningRate = "min_learning_rate", plateauPatience = "plateau_patience", plateauFactor = "plateau_factor"
        case clipNorm = "clip_norm", labelSmoothing = "label_smoothing", precision, logEvery = "log_every", validEvery = "valid_every"
        case validBatchTokens = "valid_batch_tokens", samples, attentionPlots = "attention_plots", statsEvery = "stats_every"
        case trainSample = "train_sample", curvePlots = "curve_plots", tensorboardDir = "tensorboard_dir", keepLast = "keep_last", keepBest = "keep_best", threads
    }

    /// The keys this type understands (the rest of a config file belongs to the model).
    public static var keys: Set<String> { Set(CodingKeys.allCases.map(\.rawValue)) }

    /// Decodes with defaults for absent keys.
    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        func value<T: Decodable>(_ key: CodingKeys, _ fallback: T) throws -> T { try c.decodeIfPresent(T.self, forKey: key) ?? fallback }
        // An enumeration's bad value is an error that names the key, the value and what is accepted.
        func choice<T: RawRepresentable>(_ key: CodingKeys, _ fallback: T, accepted: String) throws -> T where T.RawValue == String {
            guard let text = try c.decodeIfPresent(String.self, forKey: key) else { return fallback }
            guard let chosen = T(rawValue: text) else {
                throw TrainingError.invalidSetting(key: key.rawValue, reason: "must be \(accepted), got '\(text)'")
            }
            return chosen
        }
        let d = TrainingSettings()
        bpeMerges = try value(.bpeMerges, d.bpeMerges)
        bpeMinFrequency = try value(.bpeMinFrequency, d.bpeMinFrequency)
        jointVocabulary = try value(.jointVocabulary, d.jointVocabulary)
        lowercase = try value(.lowercase, d.lowercase)
        maxLength = try value(.maxLength, d.maxLength)
        bpeDropout = try value(.bpeDropout, d.bpeDropout)
        srcExtra = try value(.srcExtra, d.srcExtra)
        tgtExtra = try value(.tgtExtra, d.tgtExtra)
        extraTag = try value(.extraTag, d.extraTag)
        batchTokens = try value(.batchTokens, d.batchTokens)
        accumulate = try value(.accumulate, d.accumulate)
        seed = try value(.seed, d.seed)
        maxSteps = try value(.maxSteps, d.maxSteps)
        maxEpochs = try value(.maxEpochs, d.maxEpochs)
        maxMinutes = try value(.maxMinutes, d.maxMinutes)
        patience = try value(.patience, d.patience)
        earlyStoppingMetric = try choice(.earlyStoppingMetric, d.earlyStoppingMetric, accepted: ValidationMetric.accepted)
        optimizer = try choice(.optimizer, d.optimizer, accepted: OptimizerKind.accepted)
        learningRate = try value(.learningRate, d.learningRate)
        beta1 = try value(.beta1, d.beta1)
        beta2 = try value(.beta2, d.beta2)
        adamEpsilon = try value(.adamEpsilon, d.adamEpsilon)
        weightDecay = try value(.weightDecay, d.weightDecay)
        momentum = try value(.momentum, d.momentum)
        schedule = try choice(.schedule, d.schedule, accepted: ScheduleKind.accepted)
        warmup = try value(.warmup, d.warmup)
        noamFactor = try value(.noamFactor, d.noamFactor)
        decayFactor = try value(.decayFactor, d.decayFactor)
        decayEvery = try value(.decayEvery, d.decayEvery)
        minLearningRate = try value(.minLearningRate, d.minLearningRate)
        plateauPatience = try value(.plateauPatience, d.plateauPatience)
        plateauFactor = try value(.plateauFactor, d.plateauFactor)
        clipNorm = try value(.clipNorm, d.clipNorm)
        labelSmoothing = try value(.labelSmoothing, d.labelSmoothing)
        precision = try choice(.precision, d.precision, accepted: PrecisionSetting.accepted)
        logEvery = try value(.logEvery, d.logEvery)
        validEvery = try value(.validEvery, d.validEvery)
        validBatchTokens = try value(.validBatchTokens, d.validBatchTokens)
        samples = try value(.samples, d.samples)
        attentionPlots = try value(.attentionPlots, d.attentionPlots)
        statsEvery = try c.decodeIfPresent(Int.self, forKey: .statsEvery)
        trainSample = try c.decodeIfPresent(Int.self, forKey: .trainSample)
        tensorboardDir = try value(.tensorboardDir, d.tensorboardDir)
        curvePlots = try value(.curvePlots, d.curvePlots)
        keepLast = try value(.keepLast, d.keepLast)
        keepBest = try value(.keepBest, d.keepBest)
        threads = try value(.threads, d.threads)
    }

    /// Checks values once, before any work; errors name the key.
    public func validate() throws {
        func check(_ ok: Bool, _ key: CodingKeys, _ reason: String) throws {
            if !ok { throw TrainingError.invalidSetting(key: key.rawValue, reason: reason) }
        }
        try check(bpeMerges >= 0, .bpeMerges, "must be ≥ 0")
        try check(maxLength > 0, .maxLength, "must be positive")
        try check(bpeDropout >= 0 && bpeDropout < 1, .bpeDropout, "must be in [0, 1) (0 = off)")
        try check(srcExtra.count == tgtExtra.count, .tgtExtra, "needs one file per src_extra file, got \(tgtExtra.count) for \(srcExtra.count)")
        try check(extraTag.isEmpty || (!extraTag.unicodeScalars.contains { $0.properties.isWhitespace }
                                       && Normalizer(lowercase: lowercase).normalize(extraTag) == extraTag),
                  .extraTag, "must be one word in normalised form (no spaces\(lowercase ? ", lower case" : ""), NFC), got '\(extraTag)'")
        try check(extraTag.isEmpty || !srcExtra.isEmpty, .extraTag, "tags extra pairs; give them with src_extra and tgt_extra")
        try check(batchTokens > 0, .batchTokens, "must be positive")
        try check(accumulate >= 1, .accumulate, "must be at least 1")
        try check(maxSteps >= 0, .maxSteps, "must be ≥ 0 (0 = no limit)")
        try check(maxEpochs >= 0, .maxEpochs, "must be ≥ 0 (0 = no limit)")
        try check(maxMinutes >= 0, .maxMinutes, "must be ≥ 0 (0 = no limit)")
        try check(learningRate > 0, .learningRate, "must be positive")
        try check(labelSmoothing >= 0 && labelSmoothing < 1, .labelSmoothing, "must be in [0, 1)")
        try check(clipNorm >= 0, .clipNorm, "must be ≥ 0 (0 turns clipping off)")
        try check(schedule != .cosine || maxSteps > 0, .schedule, "cosine needs max_steps to know where it ends")
        try check(logEvery > 0, .logEvery, "must be positive")
        try check(validEvery > 0, .validEvery, "must be positive")
        try check(attentionPlots >= 0, .attentionPlots, "must be ≥ 0 (0 turns the plots off)")
        try check((statsEvery ?? 0) >= 0, .statsEvery, "must be ≥ 0 (0 turns the statistics off; leave it out for each validation)")
        try check(keepLast >= 1, .keepLast, "must keep at least the last checkpoint")
        try check(keepBest >= 0, .keepBest, "must be ≥ 0")
        try check(patience >= 0, .patience, "must be ≥ 0 (0 turns early stopping off)")
        try check(warmup >= 0, .warmup, "must be ≥ 0")
        try check(validBatchTokens > 0, .validBatchTokens, "must be positive")
        try check(samples >= 0, .samples, "must be ≥ 0")
        try check((trainSample ?? 0) >= 0, .trainSample, "must be ≥ 0 (0 turns the train-sample scoring off)")
        try check(threads >= 0, .threads, "must be ≥ 0 (0 = all cores)")
    }

    /// The step schedule these settings describe (reduce-on-plateau scales the constant rate); `modelSize` is
    /// Noam's d (``TernModels/ModelConfig/noamModelSize``).
    public func stepSchedule(modelSize: Int) -> LearningRateSchedule {
        switch schedule {
        case .inverseSquareRoot: return .inverseSquareRoot(peak: learningRate, warmup: warmup)
        case .noam: return .noam(factor: noamFactor, modelSize: modelSize, warmup: warmup)
        case .step: return .stepDecay(rate: learningRate, decay: decayFactor, every: decayEvery)
        case .cosine: return .cosine(peak: learningRate, minimum: minLearningRate, warmup: warmup, total: maxSteps)
        case .constant, .plateau: return .constant(rate: learningRate)
        }
    }

    /// Whether per-layer statistics are taken at `step`.
    public func takesStatistics(at step: Int) -> Bool {
        let every = statsEvery ?? validEvery
        return every > 0 && step % every == 0
    }

    /// The optimizer these settings describe, with no state yet.
    public func makeOptimizer() -> Optimizer {
        switch optimizer {
        case .sgd:
            return SGD(learningRate: learningRate, momentum: momentum, weightDecay: weightDecay)
        case .adam, .adamw:
            return Adam(learningRate: learningRate, beta1: beta1, beta2: beta2, epsilon: adamEpsilon,
                        weightDecay: weightDecay, decoupledWeightDecay: optimizer == .adamw)
        }
    }

    /// One line per key with its default, for `tern train --help`.
    public static var documentation: String {
        let d = TrainingSettings()
        let data = (try? JSONEncoder().encode(d)).flatMap { try? JSONSerialization.jsonObject(with: $0) as? [String: Any] } ?? [:]
        let booleans: [CodingKeys: Bool] = [.jointVocabulary: d.jointVocabulary, .lowercase: d.lowercase, .curvePlots: d.curvePlots]
        let described: [CodingKeys: String] = [.statsEvery: "at each validation (0 = off)", .srcExtra: "[] (files)", .tgtExtra: "[] (files)",
                                               .extraTag: "\"\" (none)",
                                               .trainSample: "as many pairs as the dev set (0 = off)"]
        return CodingKeys.allCases.map { key in
            "  \(key.rawValue): \(described[key] ?? booleans[key].map { "\($0)" } ?? data[key.rawValue].map { "\($0)" } ?? "")"
        }.joined(separator: "\n")
    }
}
