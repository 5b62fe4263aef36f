import Foundation
import TernModels
import TernNN
import TernStore
import TernTensor
import TernText

/// Where a run reads its corpora and writes its model.
public struct TrainingPaths {
    public var trainSource: String
    public var trainTarget: String
    public var devSource: String
    public var devTarget: String
    public var output: String

    public init(trainSource: String, trainTarget: String, devSource: String, devTarget: String, output: String) {
        self.trainSource = trainSource
        self.trainTarget = trainTarget
        self.devSource = devSource
        self.devTarget = devTarget
        self.output = output
    }
}

extension TrainingPaths {
    var record: [String: String] {
        ["train_source": trainSource, "train_target": trainTarget, "dev_source": devSource, "dev_target": devTarget]
    }

    /// The corpora a stored run was started with.
    public static func stored(in path: String) throws -> TrainingPaths {
        let file = try ModelFile(openingAt: path, access: .readOnly)
        defer { file.close() }
        guard let data = try ModelBundle.sections(of: file).data,
              let trainSource = data["train_source"], let trainTarget = data["train_target"],
              let devSource = data["dev_source"], let devTarget = data["dev_target"] else {
            throw TrainingError.resume("\(path) does not record its corpora; pass --src-train, --tgt-train, --src-dev and --tgt-dev")
        }
        return TrainingPaths(trainSource: trainSource, trainTarget: trainTarget, devSource: devSource, devTarget: devTarget, output: path)
    }
}

public struct TrainingSummary {
    public var steps: Int
    public var epochs: Int
    public var lastValidation: ValidationResult?
    public var stoppedBy: String
}

/// The training loop: batches by token count, Adam/SGD with a learning-rate schedule, gradient clipping and
/// accumulation, validation with greedy BLEU/chrF, checkpoints (each one transaction in the model file), early
/// stopping, exact resume, and a clean stop on Ctrl-C.
public final class Trainer {
    public let paths: TrainingPaths
    let config: ConfigFile
    let log: (String) -> Void

    public init(config: ConfigFile, paths: TrainingPaths, log: @escaping (String) -> Void) {
        self.config = config
        self.paths = paths
        self.log = log
    }

    /// Trains until a budget (steps, epochs, minutes), early stopping or an interrupt ends the run. With `resume`,
    /// continues the run stored in `paths.output` with its own settings (budgets may be raised by the caller's).
    @discardableResult
    public func run(resume: Bool) throws -> TrainingSummary {
        var settings = config.training
        if settings.threads > 0 { Kernels.setThreads(settings.threads) }
        let file: ModelFile
        let data: TrainingData
        let model: any Seq2SeqModel
        var state: ResumeState
        let optimizer: Optimizer

        if resume {
            guard FileManager.default.fileExists(atPath: paths.output) else {
                throw TrainingError.resume("\(paths.output) does not exist; start a run without --resume")
            }
            file = try ModelFile(openingAt: paths.output, access: .readWrite)
            let sections = try ModelBundle.sections(of: file)
            // The stored run decides the model and the data; the caller may extend the budgets.
            let budgets = (settings.maxSteps, settings.maxEpochs, settings.maxMinutes)
            settings = sections.training
            (settings.maxSteps, settings.maxEpochs, settings.maxMinutes) = budgets
            let subwords = try ModelBundle.subwords(of: file, config: sections.subword)
            data = try TrainingData.prepare(trainSource: paths.trainSource, trainTarget: paths.trainTarget,
                                            devSource: paths.devSource, devTarget: paths.devTarget,
                                            settings: settings, subwords: subwords, log: log)
            model = try ModelFactory.make(sections.model, sourceVocabularySize: subwords.source.vocabulary.count,
                                          targetVocabularySize: subwords.target.vocabulary.count, seed: settings.seed)
            let checkpoint = try file.loadLatestCheckpoint()
            try CheckpointState.load(checkpoint.parameters, into: model, path: paths.output)
            do {
                state = try JSONDecoder().decode(ResumeState.self, from: Data(checkpoint.resumeState.utf8))
            } catch {
                throw TrainingError.resume("the resume state of checkpoint \(checkpoint.step) is unreadable: \(error)")
            }
            optimizer = makeOptimizer(settings)
            try optimizer.restore(step: state.optimizerStep,
                                  tensors: Dictionary(checkpoint.optimizerState.map { ($0.name, $0.tensor) }, uniquingKeysWith: { a, _ in a }))
            CheckpointState.restoreDropoutGenerators(state.dropoutGenerators, in: model)
            log("resuming \(paths.output) at step \(state.step), epoch \(state.epoch)")
        } else {
            guard settings.jointVocabulary else {
                throw TrainingError.invalidSetting(key: "joint_vocabulary", reason: "separate vocabularies are not stored in the model file yet; use true")
            }
            data = try TrainingData.prepare(trainSource: paths.trainSource, trainTarget: paths.trainTarget,
                                            devSource: paths.devSource, devTarget: paths.devTarget,
                                            settings: settings, subwords: nil, log: log)
            let json = try ModelBundle.configJSON(model: config.model, training: settings, subword: data.subwords.config,
                                                  data: paths.record)
            file = try ModelFile.create(at: paths.output, configJSON: json)
            try file.setJointVocabulary(data.subwords.source.vocabulary.entries)
            try file.setMerges(data.subwords.source.model.merges)
            model = try ModelFactory.make(config.model, sourceVocabularySize: data.subwords.source.vocabulary.count,
                                          targetVocabularySize: data.subwords.target.vocabulary.count, seed: settings.seed)
            optimizer = makeOptimizer(settings)
            state = ResumeState(step: 0, epoch: 1, batchPosition: 0, optimizerStep: 0,
                                plateau: PlateauReducer(factor: settings.plateauFactor, patience: settings.plateauPatience,
                                                        higherIsBetter: false),
                                bestMetric: nil, validationsWithoutImprovement: 0, elapsedSeconds: 0,
                                runID: UUID().uuidString, dropoutGenerators: [:])
            log("model: \(config.model.family.rawValue), \(model.parameterCount) parameters; \(data.trainPairs.count) training pairs")
        }
        defer { file.close() }
        return try loop(settings: settings, file: file, data: data, model: model, optimizer: optimizer, state: &state)
    }

    func makeOptimizer(_ s: TrainingSettings) -> Optimizer {
        switch s.optimizer {
        case "sgd": return SGD(learningRate: s.learningRate, momentum: s.momentum, weightDecay: s.weightDecay)
        case "adamw": return Adam(learningRate: s.learningRate, beta1: s.beta1, beta2: s.beta2, epsilon: s.adamEpsilon,
                                  weightDecay: s.weightDecay, decoupledWeightDecay: true)
        default: return Adam(learningRate: s.learningRate, beta1: s.beta1, beta2: s.beta2, epsilon: s.adamEpsilon,
                             weightDecay: s.weightDecay)
        }
    }

    func loop(settings: TrainingSettings, file: ModelFile, data: TrainingData, model: any Seq2SeqModel,
              optimizer: Optimizer, state: inout ResumeState) throws -> TrainingSummary {
        let batcher = TokenBatcher(pairs: data.trainPairs, maxTokens: settings.batchTokens, seed: settings.seed)
        let parameters = model.namedParameters()
        let parameterList = parameters.map(\.1)
        let modelSize: Int
        if case .transformer(let t) = config.model.architecture { modelSize = t.dModel } else { modelSize = 512 }
        let schedule = settings.stepSchedule(modelSize: modelSize)
        let metricKey = settings.earlyStoppingMetric == "loss" ? "valid_loss" : settings.earlyStoppingMetric
        let higherIsBetter = settings.earlyStoppingMetric == "bleu" || settings.earlyStoppingMetric == "chrf"
        let retention = RetentionPolicy(keepLast: settings.keepLast, keepBest: settings.keepBest, metric: metricKey,
                                        higherIsBetter: higherIsBetter)
        var progress = ProgressReporter(maxSteps: settings.maxSteps, maxSeconds: settings.maxMinutes * 60,
                                        earlierSeconds: state.elapsedSeconds)
        let startStep = state.step, startElapsed = state.elapsedSeconds
        var batches = batcher.batches(epoch: state.epoch)
        var lossSum = 0.0, lossCount = 0, pendingLog: [TrainingLogEntry] = []
        var lastValidation: ValidationResult? = nil
        var stoppedBy = "budget"
        model.train(true)
        InterruptFlag.install()

        func elapsed() -> Double { startElapsed + progress.elapsedSeconds }
        func saveCheckpoint(metrics: [String: Double]) throws {
            state.elapsedSeconds = elapsed()
            state.optimizerStep = optimizer.step
            state.dropoutGenerators = CheckpointState.dropoutGenerators(of: model)
            let resume = String(decoding: try JSONEncoder().encode(state), as: UTF8.self)
            let contents = CheckpointContents(
                step: state.step, epoch: state.epoch, kind: .last, metrics: metrics,
                parameters: CheckpointState.parameters(of: model),
                optimizerState: optimizer.stateTensors().map { StoredTensor(name: $0.name, tensor: $0.tensor) },
                resumeState: resume)
            try file.appendTrainingLog(pendingLog)
            pendingLog = []
            try file.saveCheckpoint(contents, retention: retention)
        }
        func budgetReached() -> Bool {
            (settings.maxSteps > 0 && state.step >= settings.maxSteps)
                || (settings.maxMinutes > 0 && elapsed() >= settings.maxMinutes * 60)
        }

        while !budgetReached() {
            // One update: `accumulate` batches, each loss scaled so that the update averages them.
            var stepTokens = 0
            for _ in 0..<settings.accumulate {
                if state.batchPosition >= batches.count {
                    if settings.maxEpochs > 0 && state.epoch >= settings.maxEpochs { break }
                    state.epoch += 1
                    state.batchPosition = 0
                    batches = batcher.batches(epoch: state.epoch)
                }
                let indices = batches[state.batchPosition]
                state.batchPosition += 1
                let batch = TeacherForcingBatch(sources: indices.map { data.trainPairs[$0].source },
                                                targets: indices.map { data.trainPairs[$0].target })
                let logits = model.forward(source: batch.source, targetInput: batch.targetInput).logits
                let loss = crossEntropy(logits: logits, targets: batch.targetOutput, labelSmoothing: settings.labelSmoothing,
                                        ignoreIndex: TokenBatch.padId)
                (settings.accumulate == 1 ? loss : loss * (1 / Float(settings.accumulate))).backward()
                lossSum += Double(loss.item) * Double(batch.targetTokens)
                lossCount += batch.targetTokens
                stepTokens += batch.targetTokens
            }
            if stepTokens == 0 { stoppedBy = "epochs"; break }
            if settings.clipNorm > 0 { clipGradientNorm(parameterList, maxNorm: settings.clipNorm) }
            let rate = schedule.rate(at: state.step + 1) * (settings.schedule == "plateau" ? state.plateau.scale : 1)
            optimizer.learningRate = rate
            optimizer.update(parameters)
            state.step += 1
            progress.add(tokens: stepTokens)

            if state.step % settings.logEvery == 0 {
                let meanLoss = lossSum / Double(max(lossCount, 1))
                let speed = progress.closeInterval()
                log(progress.line(step: state.step, startStep: startStep, epoch: state.epoch, loss: Float(meanLoss),
                                  learningRate: rate, tokensPerSecond: speed))
                pendingLog.append(TrainingLogEntry(runID: state.runID, step: state.step, epoch: state.epoch, kind: .train,
                                                   loss: meanLoss, learningRate: Double(rate), tokensPerSecond: speed,
                                                   wallSeconds: elapsed()))
                lossSum = 0
                lossCount = 0
            }
            var stop = false
            if state.step % settings.validEvery == 0 || budgetReached() || InterruptFlag.isRaised {
                let interrupted = InterruptFlag.isRaised
                var metrics: [String: Double] = [:]
                if !interrupted {
                    let result = try Validation.run(model: model, data: data, batchTokens: settings.validBatchTokens, maxLength: settings.maxLength)
                    model.train(true)
                    lastValidation = result
                    metrics = result.metrics
                    log(String(format: "validation at step %d: loss %.3f · perplexity %.2f · BLEU %.2f · chrF %.2f",
                               state.step, result.loss, result.perplexity, result.bleu, result.chrF))
                    for i in 0..<min(settings.samples, data.devSourceLines.count) {
                        log("  source:     \(data.devSourceLines[i])\n  reference:  \(data.devReferences[i])\n  hypothesis: \(result.hypotheses[i])")
                    }
                    if settings.attentionPlots > 0 {
                        AttentionExport.plotValidation(model: model, subwords: data.subwords,
                                                       devSources: Array(data.devSources.prefix(settings.attentionPlots)),
                                                       step: state.step, modelPath: paths.output, log: log)
                    }
                    pendingLog.append(TrainingLogEntry(runID: state.runID, step: state.step, epoch: state.epoch, kind: .valid,
                                                       loss: result.loss, learningRate: Double(rate), wallSeconds: elapsed(),
                                                       extra: ["perplexity": result.perplexity, "bleu": result.bleu, "chrf": result.chrF]))
                    let (value, higher) = result.value(of: settings.earlyStoppingMetric)
                    if let best = state.bestMetric, higher ? value <= best : value >= best {
                        state.validationsWithoutImprovement += 1
                    } else {
                        state.bestMetric = value
                        state.validationsWithoutImprovement = 0
                    }
                    if settings.schedule == "plateau" { state.plateau.observe(Float(result.loss)) }
                    if settings.patience > 0 && state.validationsWithoutImprovement >= settings.patience {
                        stoppedBy = "early stopping (\(settings.earlyStoppingMetric) did not improve for \(settings.patience) validations)"
                        stop = true
                    }
                }
                try saveCheckpoint(metrics: metrics)
                if interrupted {
                    log("checkpoint saved at step \(state.step); continue with --resume \(paths.output)")
                    stoppedBy = "interrupt"
                    stop = true
                }
            }
            if stop { break }
        }
        return TrainingSummary(steps: state.step, epochs: state.epoch, lastValidation: lastValidation, stoppedBy: stoppedBy)
    }
}
