import Foundation

/// Why an evaluation could not be run. Every message names what the user has to fix.
public enum EvaluationError: Error, Equatable, LocalizedError, CustomStringConvertible {
    /// Hypotheses and references given in memory have different numbers of segments.
    case lineCountMismatch(hypothesisCount: Int, referenceCount: Int)
    /// Hypothesis and reference files have different numbers of lines.
    case fileLineCountMismatch(hypothesisPath: String, hypothesisCount: Int, referencePath: String, referenceCount: Int)
    /// Sources given in memory for error analysis differ in number from the references.
    case sourceCountMismatch(sourceCount: Int, referenceCount: Int)
    /// The source file and the reference file have different numbers of lines.
    case sourceFileLineCountMismatch(sourcePath: String, sourceCount: Int, referencePath: String, referenceCount: Int)
    /// A file does not exist.
    case fileNotFound(path: String)
    /// A file exists but could not be read.
    case unreadableFile(path: String, reason: String)
    /// A line of a file is not valid UTF-8 (lines are numbered from 1).
    case invalidUTF8(path: String, line: Int)
    /// A metric name other than those in ``EvaluationMetric``.
    case unknownMetric(name: String)
    /// An empty metric list.
    case noMetrics

    public var description: String {
        switch self {
        case let .lineCountMismatch(hypothesisCount, referenceCount):
            return "hypotheses and references differ in length: \(hypothesisCount) hypotheses, \(referenceCount) references"
        case let .fileLineCountMismatch(hypothesisPath, hypothesisCount, referencePath, referenceCount):
            return "line counts differ: hypotheses '\(hypothesisPath)' has \(hypothesisCount) lines, "
                + "references '\(referencePath)' has \(referenceCount) lines"
        case let .sourceCountMismatch(sourceCount, referenceCount):
            return "sources and references differ in length: \(sourceCount) sources, \(referenceCount) references"
        case let .sourceFileLineCountMismatch(sourcePath, sourceCount, referencePath, referenceCount):
            return "line counts differ: source '\(sourcePath)' has \(sourceCount) lines, "
                + "references '\(referencePath)' has \(referenceCount) lines"
        case let .fileNotFound(path):
            return "no such file: '\(path)'"
        case let .unreadableFile(path, reason):
            return "cannot read '\(path)': \(reason)"
        case let .invalidUTF8(path, line):
            return "'\(path)' line \(line) is not valid UTF-8"
        case let .unknownMetric(name):
            let known = EvaluationMetric.allCases.map(\.rawValue).joined(separator: ", ")
            return "unknown metric '\(name)' (known: \(known))"
        case .noMetrics:
            let known = EvaluationMetric.allCases.map(\.rawValue).joined(separator: ", ")
            return "no metric requested (known: \(known))"
        }
    }

    public var errorDescription: String? { description }
}
