import Foundation
import TernEval
import TernModels
import TernStore
import TernTensor
import TernText

/// A model file's parts put back together for inference: the architecture, the subword models, and a model holding
/// one checkpoint's weights, in evaluation mode.
public struct ModelBundle {
    public var model: any Seq2SeqModel
    public var subwords: SubwordModels
    public var modelConfig: ModelConfig
    /// The metric the run ranked its checkpoints by.
    public var rankingMetric: ValidationMetric
    /// The checkpoint whose weights `model` holds.
    public var checkpoint: CheckpointSummary
    /// How the file stores its weights: `.int8` for a model exported with `--compute int8` (its matrices are already
    /// on the int8 grid), else `.float32`. Also the compute type the model runs in unless asked otherwise.
    public var storedCompute: ComputeType
    /// Where the model was loaded from.
    public var path: String

    /// Opens a model file read-only (so it works while a trainer writes it) and loads one checkpoint.
    ///
    /// - Throws: ``InferenceError`` for a missing file, an unreadable config, no or no such checkpoint, or weights
    ///   that do not fit the config; `StoreError` for a file that is not a Tern model or is damaged.
    public static func load(path: String, checkpoint choice: CheckpointChoice = .best) throws -> ModelBundle {
        guard FileManager.default.fileExists(atPath: path) else { throw InferenceError.modelNotFound(path: path) }
        let file = try ModelFile(openingAt: path, access: .readOnly)
        defer { file.close() }
        let sections = try file.configSections(training: CheckpointRanking.self)
        let subwords = try file.subwordModels(config: sections.subword)
        let checkpoint = try load(choice, from: file, rankedBy: sections.training.metric)
        let model = try ModelFactory.make(sections.model, sourceVocabularySize: subwords.source.vocabulary.count,
                                          targetVocabularySize: subwords.target.vocabulary.count)
        try model.loadParameters(checkpoint.parameters, from: path)
        model.train(false)
        let storedCompute = try file.meta(ModelExport.computeKey).flatMap(ComputeType.init(rawValue:)) ?? .float32
        return ModelBundle(model: model, subwords: subwords, modelConfig: sections.model,
                           rankingMetric: sections.training.metric, checkpoint: checkpoint.summary,
                           storedCompute: storedCompute, path: path)
    }

    /// Prepares the model to translate in `compute` (default: ``storedCompute``). For `.int8` the weight matrices are
    /// first rounded to their int8 rows (``Int8Weights``) unless the file stores them so already, so a model and its
    /// int8 export translate alike.
    /// - Returns: the compute type the model now runs in.
    /// - Throws: ``ComputeError`` when the family has no int8 inference.
    @discardableResult
    public func prepare(compute requested: ComputeType? = nil) throws -> ComputeType {
        let compute = requested ?? storedCompute
        if compute == .int8 {
            guard modelConfig.family == .transformer else {
                throw ComputeError.unsupportedCompute(compute, family: modelConfig.family.rawValue)
            }
            if storedCompute != .int8 { try Int8Weights.round(model, path: path) }
        }
        try model.prepareForInference(compute: compute)
        return compute
    }

    static func load(_ choice: CheckpointChoice, from file: ModelFile, rankedBy metric: ValidationMetric) throws -> Checkpoint {
        let summaries = try file.checkpoints()
        guard !summaries.isEmpty else { throw InferenceError.noCheckpoint(path: file.path) }
        switch choice {
        case .last:
            return try file.loadLatestCheckpoint()
        case .best:
            guard summaries.contains(where: { $0.metrics[metric.storedKey] != nil }) else { return try file.loadLatestCheckpoint() }
            return try file.loadBestCheckpoint(metric: metric.storedKey, higherIsBetter: metric.higherIsBetter)
        case .step(let step):
            guard let summary = summaries.first(where: { $0.step == step }) else {
                throw InferenceError.noSuchCheckpoint(path: file.path, step: step, available: summaries.map(\.step).sorted())
            }
            return try file.loadCheckpoint(id: summary.id)
        }
    }
}
