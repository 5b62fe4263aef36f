import Foundation
import TernEval
import TernModels
import TernStore
import TernText

/// The layout of a model file's config JSON: one object with the sections `model` (``ModelConfig``), `training` (the
/// trainer's settings), `subword` (``SubwordConfig``) and `data` (the corpora a run was started with, so `--resume`
/// needs only the model file). Keys are sorted when written.
///
/// Generic over the training section: the trainer reads and writes its full settings, while inference reads only
/// what it needs from them (``CheckpointRanking``), so loading a model does not depend on the trainer.
public struct ConfigSections<Training: Codable>: Codable {
    public var model: ModelConfig
    public var training: Training
    public var subword: SubwordConfig
    public var data: [String: String]?

    public init(model: ModelConfig, training: Training, subword: SubwordConfig, data: [String: String]?) {
        self.model = model
        self.training = training
        self.subword = subword
        self.data = data
    }

    /// The JSON stored in the model file.
    public func json() throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: try encoder.encode(self), as: UTF8.self)
    }
}

/// The one training setting inference reads: which validation metric ranks checkpoints, for `--checkpoint best`.
public struct CheckpointRanking: Codable, Sendable {
    public var metric: ValidationMetric

    enum CodingKeys: String, CodingKey { case metric = "early_stopping_metric" }

    public init(metric: ValidationMetric) { self.metric = metric }

    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        metric = try container.decodeIfPresent(ValidationMetric.self, forKey: .metric) ?? .bleu
    }
}

extension ModelFile {
    /// The config sections, with the training section read as `training`.
    ///
    /// - Throws: ``InferenceError/unreadableConfig(path:reason:)`` when the JSON does not have this layout.
    public func configSections<Training: Codable>(training: Training.Type) throws -> ConfigSections<Training> {
        let json = try configJSON()
        do {
            return try JSONDecoder().decode(ConfigSections<Training>.self, from: Data(json.utf8))
        } catch {
            throw InferenceError.unreadableConfig(path: path, reason: "\(error)")
        }
    }

    /// The tokenizers stored in the file (the joint vocabulary and its merges).
    ///
    /// - Throws: ``InferenceError/separateVocabularies(path:)`` for a file with two vocabularies, which this version
    ///   does not write.
    public func subwordModels(config: SubwordConfig) throws -> SubwordModels {
        guard try hasJointVocabulary() else { throw InferenceError.separateVocabularies(path: path) }
        let vocabulary = try vocabulary(.source)  // the joint one
        let merges = try merges()
        return try SubwordModels(config: config, sourceMerges: merges, sourceVocabulary: vocabulary,
                                 targetMerges: merges, targetVocabulary: vocabulary)
    }
}
