import Foundation
import TernModels
import TernStore
import TernText

/// A model file's parts put back together: the architecture, the subword models, and a model with one
/// checkpoint's weights. The model file's config JSON holds `model`, `training` and `subword` sections.
public struct ModelBundle {
    public var model: any Seq2SeqModel
    public var subwords: SubwordModels
    public var modelConfig: ModelConfig
    public var training: TrainingSettings
    public var checkpoint: CheckpointSummary

    public enum CheckpointChoice: Equatable {
        case last, best, step(Int)

        public init(_ text: String) throws {
            switch text {
            case "last": self = .last
            case "best": self = .best
            default:
                guard let step = Int(text), step >= 0 else {
                    throw TrainingError.data("--checkpoint must be best, last or a step number, got '\(text)'")
                }
                self = .step(step)
            }
        }
    }

    struct Sections: Codable {
        var model: ModelConfig
        var training: TrainingSettings
        var subword: SubwordConfig
        /// The corpora the run was started with, so `--resume` needs only the model file.
        var data: [String: String]?
    }

    static func configJSON(model: ModelConfig, training: TrainingSettings, subword: SubwordConfig, data: [String: String]) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: try encoder.encode(Sections(model: model, training: training, subword: subword, data: data)), as: UTF8.self)
    }

    static func sections(of file: ModelFile) throws -> Sections {
        let json = try file.configJSON()
        do {
            return try JSONDecoder().decode(Sections.self, from: Data(json.utf8))
        } catch {
            throw TrainingError.data("\(file.path) has a config this version of Tern cannot read (\(error)); was it written by `tern train`?")
        }
    }

    static func subwords(of file: ModelFile, config: SubwordConfig) throws -> SubwordModels {
        guard try file.hasJointVocabulary() else {
            throw TrainingError.data("\(file.path) has separate vocabularies, which this version reads only with a joint vocabulary")
        }
        let vocabulary = try file.vocabulary(.source)  // the joint one
        let merges = try file.merges()
        return try SubwordModels(config: config, sourceMerges: merges, sourceVocabulary: vocabulary,
                                 targetMerges: merges, targetVocabulary: vocabulary)
    }

    /// Opens a model file read-only (so it works while a trainer writes it) and loads one checkpoint.
    public static func load(path: String, checkpoint choice: CheckpointChoice = .best) throws -> ModelBundle {
        guard FileManager.default.fileExists(atPath: path) else {
            throw TrainingError.data("model file \(path) does not exist")
        }
        let file = try ModelFile(openingAt: path, access: .readOnly)
        defer { file.close() }
        let sections = try sections(of: file)
        let subwords = try subwords(of: file, config: sections.subword)
        let summaries = try file.checkpoints()
        guard !summaries.isEmpty else {
            throw TrainingError.data("\(path) has no checkpoint yet: training has not saved one (it saves at each validation and when it stops)")
        }
        let checkpoint: Checkpoint
        switch choice {
        case .last:
            checkpoint = try file.loadLatestCheckpoint()
        case .best:
            let metric = sections.training.earlyStoppingMetric
            let higher = metric == "bleu" || metric == "chrf"
            let key = metric == "loss" ? "valid_loss" : metric
            if summaries.contains(where: { $0.metrics[key] != nil }) {
                checkpoint = try file.loadBestCheckpoint(metric: key, higherIsBetter: higher)
            } else {
                checkpoint = try file.loadLatestCheckpoint()
            }
        case .step(let step):
            guard let summary = summaries.first(where: { $0.step == step }) else {
                throw TrainingError.data("\(path) has no checkpoint at step \(step); it has steps \(summaries.map(\.step).sorted())")
            }
            checkpoint = try file.loadCheckpoint(id: summary.id)
        }
        let model = try ModelFactory.make(sections.model, sourceVocabularySize: subwords.source.vocabulary.count,
                                          targetVocabularySize: subwords.target.vocabulary.count)
        try CheckpointState.load(checkpoint.parameters, into: model, path: path)
        model.train(false)
        return ModelBundle(model: model, subwords: subwords, modelConfig: sections.model, training: sections.training,
                           checkpoint: checkpoint.summary)
    }
}
