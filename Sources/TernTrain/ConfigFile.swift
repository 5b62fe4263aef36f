import Foundation
import TernModels
import TernStore
import Yams

/// A training config file (YAML or JSON): one flat mapping whose keys are either model keys (``ModelConfig``) or
/// training keys (``TrainingSettings``). Overrides from the command line (`key=value`) replace file values.
/// Model keys are decoded strictly, so a misspelt key is an error that names it.
public struct ConfigFile {
    public var model: ModelConfig
    public var training: TrainingSettings
    /// The model part, as JSON, for the model file.
    public var modelJSON: String

    public init(path: String?, overrides: [String] = []) throws {
        var values: [String: Any] = [:]
        if let path {
            let text: String
            do { text = try String(contentsOfFile: path, encoding: .utf8) } catch {
                throw TrainingError.data("cannot read config file \(path): \(error.localizedDescription)")
            }
            let loaded: Any?
            do { loaded = try Yams.load(yaml: text) } catch {
                throw TrainingError.data("config file \(path) is not valid YAML or JSON: \(error)")
            }
            guard let mapping = loaded as? [String: Any] else {
                throw TrainingError.data("config file \(path) must be a mapping of keys to values")
            }
            values = mapping
        }
        for override in overrides {
            guard let equals = override.firstIndex(of: "=") else {
                throw TrainingError.data("override '\(override)' must look like key=value")
            }
            let key = String(override[..<equals]).trimmingCharacters(in: .whitespaces)
            let raw = String(override[override.index(after: equals)...])
            values[key] = (try? Yams.load(yaml: raw)).flatMap { $0 } ?? raw
        }
        let trainingKeys = TrainingSettings.keys
        let trainingValues = values.filter { trainingKeys.contains($0.key) }
        let modelValues = values.filter { !trainingKeys.contains($0.key) }
        func json(_ object: [String: Any]) throws -> Data {
            try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
        }
        do {
            training = try JSONDecoder().decode(TrainingSettings.self, from: try json(trainingValues))
        } catch let error as DecodingError {
            throw TrainingError.data("training settings: \(ConfigFile.describe(error))")
        }
        do {
            model = try JSONDecoder().decode(ModelConfig.self, from: try json(modelValues))
        } catch let error as DecodingError {
            throw TrainingError.data("model config: \(ConfigFile.describe(error))")
        }
        try training.validate()
        try model.validate()
        modelJSON = String(decoding: try JSONEncoder().encode(model), as: UTF8.self)
    }

    /// The settings of a stored run, with budgets (and only budgets) overridable: the model and the data
    /// preparation are fixed by the file.
    public init(resumingFrom path: String, overrides: [String]) throws {
        let file = try ModelFile(openingAt: path, access: .readOnly)
        defer { file.close() }
        let sections = try ModelBundle.sections(of: file)
        model = sections.model
        training = sections.training
        modelJSON = String(decoding: try JSONEncoder().encode(model), as: UTF8.self)
        let allowed: Set<String> = ["max_steps", "max_epochs", "max_minutes", "threads"]
        for override in overrides {
            let key = String(override.prefix { $0 != "=" })
            guard allowed.contains(key) else {
                throw TrainingError.data("a resumed run keeps its settings; only \(allowed.sorted().joined(separator: ", ")) can be changed, not '\(key)'")
            }
            let value = String(override.drop { $0 != "=" }.dropFirst())
            switch key {
            case "max_steps": training.maxSteps = Int(value) ?? training.maxSteps
            case "max_epochs": training.maxEpochs = Int(value) ?? training.maxEpochs
            case "max_minutes": training.maxMinutes = Double(value) ?? training.maxMinutes
            default: training.threads = Int(value) ?? training.threads
            }
        }
    }

    static func describe(_ error: DecodingError) -> String {
        switch error {
        case let .typeMismatch(_, context), let .valueNotFound(_, context), let .dataCorrupted(context):
            let key = context.codingPath.map(\.stringValue).joined(separator: ".")
            return (key.isEmpty ? "" : "key '\(key)': ") + context.debugDescription
        case let .keyNotFound(key, _):
            return "missing key '\(key.stringValue)'"
        @unknown default:
            return "\(error)"
        }
    }
}
