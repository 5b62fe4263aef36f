/// A metric that `tern evaluate` can report.
public enum EvaluationMetric: String, CaseIterable, Sendable, Codable {
    case bleu
    case chrf

    /// Parses a comma-separated list such as `bleu,chrf` (case-insensitive, spaces allowed, duplicates dropped).
    /// - Throws: ``EvaluationError/unknownMetric(name:)`` or ``EvaluationError/noMetrics``.
    public static func parseList(_ text: String) throws -> [EvaluationMetric] {
        var metrics: [EvaluationMetric] = []
        for part in text.split(separator: ",") {
            let name = part.trimmingCharacters(in: .whitespaces).lowercased()
            if name.isEmpty { continue }
            guard let metric = EvaluationMetric(rawValue: name) else {
                throw EvaluationError.unknownMetric(name: name)
            }
            if !metrics.contains(metric) { metrics.append(metric) }
        }
        if metrics.isEmpty { throw EvaluationError.noMetrics }
        return metrics
    }
}
