/// Why a model could not be loaded or run. Each case says what to do instead.
public enum InferenceError: Error, CustomStringConvertible, Equatable {
    /// No file at the path.
    case modelNotFound(path: String)
    /// The config JSON is not one this version wrote.
    case unreadableConfig(path: String, reason: String)
    /// Separate source and target vocabularies, which this version neither writes nor reads.
    case separateVocabularies(path: String)
    /// Training has not saved a checkpoint yet.
    case noCheckpoint(path: String)
    /// `--checkpoint STEP` names a step the file does not hold.
    case noSuchCheckpoint(path: String, step: Int, available: [Int])
    /// A stored tensor is missing or has a shape the model config does not give.
    case incompatibleCheckpoint(path: String, reason: String)

    public var description: String {
        switch self {
        case let .modelNotFound(path):
            return "model file \(path) does not exist"
        case let .unreadableConfig(path, reason):
            return "\(path) has a config this version of Tern cannot read (\(reason)); was it written by `tern train`?"
        case let .separateVocabularies(path):
            return "\(path) has separate vocabularies, which this version reads only with a joint vocabulary"
        case let .noCheckpoint(path):
            return "\(path) has no checkpoint yet: training has not saved one (it saves at each validation and when it stops)"
        case let .noSuchCheckpoint(path, step, available):
            return "\(path) has no checkpoint at step \(step); it has steps \(available.map(String.init).joined(separator: ", "))"
        case let .incompatibleCheckpoint(path, reason):
            return "the checkpoint in \(path) does not fit its model config: \(reason)"
        }
    }
}
