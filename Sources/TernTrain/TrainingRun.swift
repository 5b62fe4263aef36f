import Foundation
import TernEval
import TernInference
import TernModels
import TernNN
import TernStore
import TernTensor

/// One training run in named pieces: created by ``start(config:paths:observers:log:)`` or
/// ``resume(path:overrides:corpora:observers:log:)`` (the model file is opened once, by either), then ``run()``,
/// which repeats ``step()`` and, every `valid_every` updates and at the end, ``validate()`` and ``checkpoint(metrics:)``.
/// What happens around the loop — the progress line, the training log, attention plots, and any new feature — is
/// a ``TrainingObserver``.
///
/// The run stops at the first of: a budget (`max_steps`, `max_minutes`), the last epoch (`max_epochs`), early
/// stopping (`patience`), Ctrl-C (a checkpoint is saved first), or an observer's ``requestStop(_:)``. Every way out
/// but Ctrl-C validates and checkpoints the last step; so does Ctrl-C, without the validation.
public final class TrainingRun {
    public let paths: TrainingPaths
    public let settings: TrainingSettings
    public let modelConfig: ModelConfig
    public let model: any Seq2SeqModel
    public let data: TrainingData
    /// Whether this process continues a stored run.
    public let resumed: Bool
    public internal(set) var state: ResumeState
    /// The rate of the latest update.
    public private(set) var learningRate: Float = 0
    public private(set) var lastValidation: ValidationResult?
    /// Set by a stop condition or an observer; the loop ends after the current step's checkpoint.
    public internal(set) var stopReason: StopReason?
    /// The processes this run trains with (data parallelism, see ``lead(_:)``); nil for one process.
    public internal(set) var ranks: RankGroup?

    /// Nil on the ranks above 0 of a data-parallel run: rank 0 alone writes the model file.
    let file: ModelFile?
    let optimizer: Optimizer
    let parameters: [(name: String, parameter: Parameter)]
    let schedule: LearningRateSchedule
    /// The batcher of the current epoch, over ``epochPairs``.
    var batcher: TokenBatcher
    /// The training pairs as this epoch segments them (fresh each epoch with `bpe_dropout`).
    public internal(set) var epochPairs: [TokenPair]
    let retention: RetentionPolicy
    var batches: [[Int]]
    var observers: [TrainingObserver]
    var lastCheckpointStep: Int
    var runStart = Date()
    let earlierSeconds: Double

    init(paths: TrainingPaths, settings: TrainingSettings, modelConfig: ModelConfig, model: any Seq2SeqModel,
         data: TrainingData, file: ModelFile?, optimizer: Optimizer, state: ResumeState, resumed: Bool,
         observers: [TrainingObserver]) {
        (self.paths, self.settings, self.modelConfig, self.model, self.data) = (paths, settings, modelConfig, model, data)
        (self.file, self.optimizer, self.state, self.resumed, self.observers) = (file, optimizer, state, resumed, observers)
        // Every product of the process from here on, validation and decoding included.
        Gemm.precision = settings.precision.matmulPrecision
        parameters = model.namedParameters().map { (name: $0.0, parameter: $0.1) }
        schedule = settings.stepSchedule(modelSize: modelConfig.noamModelSize)
        epochPairs = data.pairs(epoch: state.epoch, settings: settings)
        batcher = TokenBatcher(pairs: epochPairs, maxTokens: settings.batchTokens, seed: settings.seed)
        let metric = settings.earlyStoppingMetric
        retention = RetentionPolicy(keepLast: settings.keepLast, keepBest: settings.keepBest, metric: metric.storedKey,
                                    higherIsBetter: metric.higherIsBetter)
        batches = batcher.batches(epoch: state.epoch)
        lastCheckpointStep = state.step
        earlierSeconds = state.elapsedSeconds
    }

    deinit { file?.close() }

    /// Adds an observer after those given at creation.
    public func add(_ observer: TrainingObserver) { observers.append(observer) }

    /// Asks the run to stop after the current step, validating and checkpointing it; the reason ends up in the
    /// summary. The first reason given wins.
    public func requestStop(_ reason: String) { stop(.requested(reason)) }

    func stop(_ reason: StopReason) { if stopReason == nil { stopReason = reason } }

    /// Seconds of training so far, earlier runs of the same training included.
    public var elapsedSeconds: Double { earlierSeconds + Date().timeIntervalSince(runStart) }

    var budgetReached: Bool {
        (settings.maxSteps > 0 && state.step >= settings.maxSteps)
            || (settings.maxMinutes > 0 && elapsedSeconds >= settings.maxMinutes * 60)
    }

    func notify(_ event: (TrainingObserver) -> Void) { for observer in observers { event(observer) } }

    /// Trains until a stop condition; see the type's summary.
    @discardableResult
    public func run() throws -> TrainingSummary {
        runStart = Date()
        model.train(true)
        if isLeader { InterruptFlag.install() }  // the other ranks stop when rank 0 does
        notify { $0.runStarted(self) }
        // Every stop is decided once, as a stop reason, by rank 0 (the only process, or the leader of the ranks,
        // which follow it); so the loop cannot end between a step and its checkpoint.
        if isLeader && budgetReached { stop(.budget) }
        try followLeader()
        while stopReason == nil {
            guard let report = try step() else {
                stop(.epochs)
                if isLeader && lastCheckpointStep != state.step { try checkpoint(metrics: try validate().result.metrics) }
                break
            }
            notify { $0.stepFinished(report, run: self) }
            if isLeader {
                if !report.loss.isFinite {
                    stop(.diverged(step: state.step))
                    try saveLogOnly()
                } else if InterruptFlag.isRaised {
                    stop(.interrupted)
                    try checkpoint(metrics: [:])
                } else {
                    if budgetReached { stop(.budget) }
                    if state.step % settings.validEvery == 0 || stopReason != nil {
                        try checkpoint(metrics: try validate().result.metrics)
                    }
                }
            }
            try followLeader()
        }
        let summary = TrainingSummary(steps: state.step, epochs: state.epoch, lastValidation: lastValidation,
                                      stoppedBy: stopReason ?? .budget)
        notify { $0.runFinished(summary, run: self) }
        return summary
    }

    /// One update: `accumulate` batches, each loss scaled so that the update averages them, then clipping, the
    /// scheduled rate and the optimizer. Nil when the last epoch has no batch left. With ranks, `accumulate` counts
    /// the batches of all ranks together, each rank trains on its share, and the gradients are summed over the ranks
    /// before clipping; the loss and the tokens reported are then the sums over all ranks too.
    public func step() throws -> StepReport? {
        notify { $0.stepWillStart(state.step + 1, run: self) }
        reseedFollowerDropout()
        var lossSum = 0.0, tokens = 0
        let gradients = parameters.map(\.parameter)
        var accumulation = GradientAccumulation(count: gradients.count)
        for index in 0..<settings.accumulate {
            guard let indices = nextBatch() else { break }
            guard takes(microBatch: index) else { continue }
            let learned = Self.backward(batch: indices, of: epochPairs, model: model, settings: settings)
            accumulation.collect(gradients)
            lossSum += learned.lossSum
            tokens += learned.tokens
        }
        accumulation.restore(gradients)
        try sumOverRanks(lossSum: &lossSum, tokens: &tokens)
        if tokens == 0 { return nil }
        var generalization = state.generalization ?? GeneralizationTracker()
        generalization.add(loss: lossSum / Double(tokens), tokens: tokens, stripLength: settings.logEvery)
        state.generalization = generalization
        notify { $0.gradientsReady(state.step + 1, run: self) }
        let norm = settings.clipNorm > 0 ? clipGradientNorm(gradients, maxNorm: settings.clipNorm) : gradientNorm(gradients)
        learningRate = schedule.rate(at: state.step + 1) * (settings.schedule == .plateau ? state.plateau.scale : 1)
        optimizer.learningRate = learningRate
        optimizer.update(parameters)
        state.step += 1
        return StepReport(step: state.step, epoch: state.epoch, loss: lossSum / Double(tokens), learningRate: learningRate,
                          gradientNorm: norm, targetTokens: tokens, elapsedSeconds: elapsedSeconds)
    }

    /// One batch's forward and backward pass: the label-smoothed loss, scaled by 1/`accumulate` so that an update
    /// averages its batches, adds its gradients to the parameters'. Returns the loss summed over the batch's target
    /// tokens, and their count. Shared by the run and the learning-rate range test.
    static func backward(batch indices: [Int], of pairs: [TokenPair], model: any Seq2SeqModel,
                         settings: TrainingSettings) -> (lossSum: Double, tokens: Int) {
        let batch = TeacherForcingBatch(sources: indices.map { pairs[$0].source }, targets: indices.map { pairs[$0].target })
        let logits = model.forward(source: batch.source, targetInput: batch.targetInput).logits
        let loss = crossEntropy(logits: logits, targets: batch.targetOutput, labelSmoothing: settings.labelSmoothing,
                                ignoreIndex: TokenBatch.padId)
        (settings.accumulate == 1 ? loss : loss * (1 / Float(settings.accumulate))).backward()
        return (Double(loss.item) * Double(batch.targetTokens), batch.targetTokens)
    }

    /// The next batch's pair indices, moving to the next epoch when this one is used up; nil after the last epoch.
    func nextBatch() -> [Int]? {
        if state.batchPosition >= batches.count {
            if settings.maxEpochs > 0 && state.epoch >= settings.maxEpochs { return nil }
            state.epoch += 1
            state.batchPosition = 0
            if settings.bpeDropout > 0 {
                epochPairs = data.pairs(epoch: state.epoch, settings: settings)
                batcher = TokenBatcher(pairs: epochPairs, maxTokens: settings.batchTokens, seed: settings.seed)
            }
            batches = batcher.batches(epoch: state.epoch)
        }
        state.batchPosition += 1
        return batches[state.batchPosition - 1]
    }

    /// Dev loss, perplexity and greedy BLEU/chrF; updates early stopping and reduce-on-plateau, then tells the
    /// observers.
    @discardableResult
    public func validate() throws -> ValidationReport {
        let result = try Validation.run(model: model, set: data.dev, subwords: data.subwords, batchTokens: settings.validBatchTokens)
        let trainSample = try data.trainSample.map {
            try Validation.run(model: model, set: $0, subwords: data.subwords, batchTokens: settings.validBatchTokens)
        }
        ResidentMemory.returnFreeHeap()
        lastValidation = result
        var generalization = state.generalization ?? GeneralizationTracker()
        let generalizationLoss = generalization.generalizationLoss(devLoss: result.loss)
        state.generalization = generalization
        let metric = settings.earlyStoppingMetric
        let value = result.value(of: metric)
        let improved = metric.improves(value, on: state.bestMetric)
        if improved {
            state.bestMetric = value
            state.validationsWithoutImprovement = 0
        } else {
            state.validationsWithoutImprovement += 1
        }
        if settings.schedule == .plateau { state.plateau.observe(Float(result.loss)) }
        if settings.patience > 0 && state.validationsWithoutImprovement >= settings.patience {
            stop(.earlyStopping(metric: metric.rawValue, patience: settings.patience))
        }
        let report = ValidationReport(step: state.step, epoch: state.epoch, result: result, learningRate: learningRate,
                                      improved: improved, elapsedSeconds: elapsedSeconds, trainSample: trainSample,
                                      generalizationLoss: generalizationLoss, trainingProgress: generalization.trainingProgress,
                                      unigramLoss: data.unigramLoss)
        notify { $0.validationFinished(report, run: self) }
        return report
    }

    /// After a divergence: the observers' log rows (with the divergence marked) go into the file in their own
    /// transaction; the weights, no longer finite, do not replace the last checkpoint.
    func saveLogOnly() throws {
        let draft = CheckpointDraft(step: state.step)
        notify { $0.checkpointWillSave(draft, run: self) }
        try file?.appendTrainingLog(draft.logEntries)  // rank 0's; the other ranks hold no file
    }

    /// Saves the weights, the optimizer's state, the resume state and the observers' log rows in one transaction,
    /// pruning old checkpoints by the retention settings. Metrics that are not finite (a dev perplexity that overflowed)
    /// are left out: the store keeps numbers only, and a missing figure reads as "not finite".
    public func checkpoint(metrics: [String: Double]) throws {
        let metrics = metrics.filter { $0.value.isFinite }
        state.elapsedSeconds = elapsedSeconds
        state.optimizerStep = optimizer.step
        state.dropoutGenerators = DropoutGenerators.states(of: model)
        guard let file else { preconditionFailure("only rank 0 of a data-parallel run writes the model file") }
        let draft = CheckpointDraft(step: state.step)
        notify { $0.checkpointWillSave(draft, run: self) }
        let contents = CheckpointContents(
            step: state.step, epoch: state.epoch, kind: .last, metrics: metrics, parameters: model.storedParameters(),
            optimizerState: optimizer.stateTensors().map { StoredTensor(name: $0.name, tensor: $0.tensor) },
            resumeState: try state.json())
        try file.saveCheckpoint(contents, retention: retention, logEntries: draft.logEntries, statistics: draft.statistics,
                                histograms: draft.histograms)
        lastCheckpointStep = state.step
        notify { $0.checkpointSaved(step: state.step, run: self) }
    }
}
