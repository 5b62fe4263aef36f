/// A configuration that cannot describe a model. Every case names the offending key as written in the file.
public enum ModelConfigError: Error, Equatable, CustomStringConvertible {
    /// A key not known for the config's family.
    case unknownKey(String, family: String)
    /// A value outside what the key allows, or in conflict with another key.
    case invalid(key: String, reason: String)

    public var description: String {
        switch self {
        case .unknownKey(let key, let family): return "unknown key '\(key)' for a \(family) model"
        case .invalid(let key, let reason): return "'\(key)': \(reason)"
        }
    }
}
