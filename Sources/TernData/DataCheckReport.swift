/// What `tern check-data` found in a parallel corpus: the findings of each ``DefectClass``, and the pairs that a
/// clean copy leaves out.
public struct DataCheckReport: Sendable {
    public var sourcePath: String
    public var targetPath: String
    public var sourceLines: Int
    public var targetLines: Int
    public var settings: DataCheckSettings
    /// Findings per class, in line order.
    public var findings: [DefectClass: [Finding]]
    /// The pairs (1-based lines up to ``pairs``) flagged by any class: a clean copy leaves them out.
    public var flagged: FlaggedLines
    /// The scripts each side mostly uses (source, target), as the profile found them.
    public var dominantScripts: [[Script]]
    /// Seconds the check took.
    public var seconds: Double

    /// Lines that have a partner on the other side.
    public var pairs: Int { min(sourceLines, targetLines) }

    /// Pairs that pass every check.
    public var cleanPairs: Int { pairs - flagged.count }

    /// The findings of one class (empty when none).
    public func findings(of defect: DefectClass) -> [Finding] { findings[defect] ?? [] }

    /// The classes with at least one finding, in report order.
    public var classesFound: [DefectClass] { DefectClass.allCases.filter { !findings(of: $0).isEmpty } }

    /// One line per class found: "12 exact duplicates of an earlier pair (lines 5, 9, 40, …)".
    public func summaryLines(examples: Int = 5) -> [String] {
        classesFound.map { defect in
            let found = findings(of: defect)
            let lines = found.prefix(examples).map { $0.line == $0.lastLine ? "\($0.line)" : "\($0.line)–\($0.lastLine)" }
            return "\(found.count) \(defect.summary) (line\(found.count == 1 ? "" : "s") \(lines.joined(separator: ", "))\(found.count > examples ? ", …" : ""))"
        }
    }
}
