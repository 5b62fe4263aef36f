import Foundation
import TernModels
import Yams

/// A training config (YAML or JSON): one flat mapping whose keys are either model keys (``ModelConfig``) or
/// training keys (``TrainingSettings``), with command-line overrides (`key=value`) replacing file values.
/// Both parts are decoded strictly: a misspelt key, a value of the wrong type or outside what a key accepts is an
/// error that names the key and the value.
public struct ConfigFile {
    public var model: ModelConfig
    public var training: TrainingSettings

    /// - Parameters:
    ///   - path: the config file, or nil for overrides alone (tests).
    ///   - overrides: `key=value` strings, applied after the file.
    public init(path: String?, overrides: [String] = []) throws {
        try self.init(values: try path.map(ConfigFile.mapping(inFile:)) ?? [:], overrides: overrides)
    }

    /// A config from its text, as a file would hold it: a study keeps its base config's text, so that the file
    /// changing or moving later cannot change the trials of a resumed study. `source` names it in errors.
    public init(text: String, source: String, overrides: [String] = []) throws {
        try self.init(values: try ConfigFile.mapping(inText: text, source: source), overrides: overrides)
    }

    init(values fileValues: [String: Any], overrides: [String]) throws {
        var values = fileValues
        values.merge(try ConfigFile.parse(overrides: overrides)) { _, override in override }
        let trainingKeys = TrainingSettings.keys
        training = try ConfigFile.decode(TrainingSettings.self, from: values.filter { trainingKeys.contains($0.key) })
        model = try ConfigFile.decode(ModelConfig.self, from: values.filter { !trainingKeys.contains($0.key) })
        try training.validate()
        try model.validate()
    }

    /// The keys a resumed run may change: its budgets and its thread count. The model, the data preparation and the
    /// optimisation are fixed by the file, so that a resumed run continues the same run.
    public static let resumableKeys: Set<String> = ["max_steps", "max_epochs", "max_minutes", "threads"]

    /// `stored` with `overrides` applied, for a resumed run: only ``resumableKeys`` may change, and their values are
    /// checked as strictly as a new run's.
    public static func resumed(_ stored: TrainingSettings, overrides: [String]) throws -> TrainingSettings {
        let changes = try parse(overrides: overrides)
        if let key = changes.keys.sorted().first(where: { !resumableKeys.contains($0) }) {
            throw TrainingError.badOverride(
                "a resumed run keeps its settings; only \(resumableKeys.sorted().joined(separator: ", ")) can be changed, not '\(key)'")
        }
        let current = try JSONSerialization.jsonObject(with: try JSONEncoder().encode(stored)) as? [String: Any] ?? [:]
        let settings = try decode(TrainingSettings.self, from: current.merging(changes) { _, change in change })
        try settings.validate()
        return settings
    }

    /// The file's mapping of keys to values.
    static func mapping(inFile path: String) throws -> [String: Any] {
        guard FileManager.default.fileExists(atPath: path) else { throw TrainingError.missingFile(path: path, role: "config file") }
        let text: String
        do { text = try String(contentsOfFile: path, encoding: .utf8) } catch {
            throw TrainingError.badConfigFile(path: path, reason: "cannot be read as UTF-8 text (\(error.localizedDescription))")
        }
        return try mapping(inText: text, source: path)
    }

    /// A config text's mapping of keys to values; `source` names it in errors.
    static func mapping(inText text: String, source: String) throws -> [String: Any] {
        let loaded: Any?
        do { loaded = try Yams.load(yaml: text) } catch {
            throw TrainingError.badConfigFile(path: source, reason: "not valid YAML or JSON: \(error)")
        }
        guard let mapping = loaded as? [String: Any] else {
            throw TrainingError.badConfigFile(path: source, reason: "must be one mapping of keys to values")
        }
        return mapping
    }

    /// `key=value` strings as a mapping; each value is read as YAML (`3`, `0.1`, `true`, `adam`).
    static func parse(overrides: [String]) throws -> [String: Any] {
        var values: [String: Any] = [:]
        for override in overrides {
            guard let equals = override.firstIndex(of: "="), equals != override.startIndex else {
                throw TrainingError.badOverride("--set '\(override)' must look like key=value")
            }
            let key = String(override[..<equals]).trimmingCharacters(in: .whitespaces)
            let raw = String(override[override.index(after: equals)...])
            values[key] = (try? Yams.load(yaml: raw)).flatMap { $0 } ?? raw
        }
        return values
    }

    /// Decodes `values` as `T`; a type mismatch is an error naming the key, its value and the type expected.
    static func decode<T: Decodable>(_ type: T.Type, from values: [String: Any]) throws -> T {
        do {
            return try JSONDecoder().decode(T.self, from: try JSONSerialization.data(withJSONObject: values, options: [.sortedKeys]))
        } catch let error as DecodingError {
            throw describe(error, values: values)
        }
    }

    static func describe(_ error: DecodingError, values: [String: Any]) -> TrainingError {
        switch error {
        case let .typeMismatch(expected, context):
            let key = context.codingPath.map(\.stringValue).joined(separator: ".")
            let value = values[key].map { "\($0)" } ?? "?"
            return .invalidSetting(key: key, reason: "expected \(typeName(expected)), got '\(value)'")
        case let .valueNotFound(_, context), let .dataCorrupted(context):
            let key = context.codingPath.map(\.stringValue).joined(separator: ".")
            return .invalidSetting(key: key.isEmpty ? "?" : key, reason: context.debugDescription)
        case let .keyNotFound(key, _):
            return .invalidSetting(key: key.stringValue, reason: "is missing")
        @unknown default:
            return .invalidSetting(key: "?", reason: "\(error)")
        }
    }

    static func typeName(_ type: Any.Type) -> String {
        switch type {
        case is Int.Type, is UInt64.Type: return "an integer"
        case is Float.Type, is Double.Type: return "a number"
        case is Bool.Type: return "true or false"
        case is String.Type: return "a word"
        default: return "a value of type \(type)"
        }
    }
}
