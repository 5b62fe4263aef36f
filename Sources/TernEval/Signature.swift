/// A sacreBLEU reproducibility signature such as `nrefs:1|case:mixed|eff:no|tok:13a|smooth:exp|version:2.6.0`.
///
/// Tern reproduces sacreBLEU 2.6.0's behaviour (checked against its output in TernEvalTests), so its signatures
/// carry `version:2.6.0`: a score printed by Tern is meant to be comparable with one printed by that version.
public struct MetricSignature: Sendable, Equatable, Codable, CustomStringConvertible {
    /// The sacreBLEU release whose scores Tern reproduces.
    public static let sacreBLEUVersion = "2.6.0"

    /// One `key:value` entry.
    public struct Field: Sendable, Equatable, Codable {
        public let key: String
        public let value: String

        public init(key: String, value: String) {
            self.key = key
            self.value = value
        }
    }

    /// Entries in sacreBLEU's order, with `version` last.
    public let fields: [Field]

    public init(fields: [Field]) {
        self.fields = fields
    }

    /// The signature as sacreBLEU prints it.
    public var description: String {
        fields.map { "\($0.key):\($0.value)" }.joined(separator: "|")
    }
}
