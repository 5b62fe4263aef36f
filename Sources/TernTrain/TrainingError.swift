/// Why a training run could not start or continue. Each message names the file, key or value at fault.
public enum TrainingError: Error, CustomStringConvertible, Equatable {
    /// A training or model key with a value it does not accept (from a config file or `--set`).
    case invalidSetting(key: String, reason: String)
    /// A `--set` that is not `key=value`, or that a resumed run cannot change.
    case badOverride(String)
    /// A file the run needs is not there (`role` says which: "config file", "model file", …).
    case missingFile(path: String, role: String)
    /// A config file that cannot be read as one flat YAML or JSON mapping.
    case badConfigFile(path: String, reason: String)
    /// The corpora leave nothing to train on, or similar trouble with the data.
    case data(String)
    /// The model file cannot be continued (it lacks what a resume needs, or holds something this version cannot use).
    case resume(String)
    /// The ranks of a data-parallel run disagree (a bug), or rank 0 handed over something unusable.
    case ranks(String)

    public var description: String {
        switch self {
        case let .invalidSetting(key, reason): return "config key '\(key)': \(reason)"
        case let .badOverride(message): return message
        case let .missingFile(path, role): return "\(role) \(path) does not exist"
        case let .badConfigFile(path, reason): return "config file \(path): \(reason)"
        case let .data(message): return message
        case let .resume(message): return "cannot resume: \(message)"
        case let .ranks(message): return "data-parallel ranks: \(message)"
        }
    }
}
