/// The thresholds of `tern check-data`, each an option of the command.
public struct DataCheckSettings: Codable, Equatable, Sendable {
    /// OpusFilter's LengthRatioFilter threshold (its default 3): a pair is an outlier when its longer side has at
    /// least this many times the words of its shorter side.
    public var maxLengthRatio: Double = 3
    /// The trainer's `max_length` (default 100 words): longer pairs are dropped by training.
    public var maxLength: Int = 100
    /// This many consecutive content outliers or more make a likely misaligned block.
    public var minimumRun: Int = 3
    /// A script is one a side "mostly uses" when at least this share of its lines has letters in it.
    public var scriptShare: Double = 0.1
    /// Pairs read first to learn the sides' scripts and marker words.
    public var profilePairs: Int = 20_000

    public init() {}

    /// - Throws: ``DataCheckError/invalidThreshold(option:reason:)`` naming the option.
    public func validate() throws {
        guard maxLengthRatio > 1 else { throw DataCheckError.invalidThreshold(option: "max-ratio", reason: "must be above 1, got \(maxLengthRatio)") }
        guard maxLength > 0 else { throw DataCheckError.invalidThreshold(option: "max-length", reason: "must be positive, got \(maxLength)") }
        guard minimumRun >= 2 else { throw DataCheckError.invalidThreshold(option: "min-run", reason: "must be at least 2, got \(minimumRun)") }
        guard scriptShare > 0 && scriptShare <= 1 else {
            throw DataCheckError.invalidThreshold(option: "script-share", reason: "must be in (0, 1], got \(scriptShare)")
        }
        guard profilePairs > 0 else { throw DataCheckError.invalidThreshold(option: "profile-pairs", reason: "must be positive, got \(profilePairs)") }
    }
}
