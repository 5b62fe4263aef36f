/// A metric that `tern evaluate` can report.
public enum EvaluationMetric: String, CaseIterable, Sendable, Codable {
    case bleu
    case chrf
    case ter

    /// What `tern evaluate` reports unless told otherwise. TER is opt-in: its shift search costs far more than BLEU
    /// and chrF together.
    public static let defaults: [EvaluationMetric] = [.bleu, .chrf]

    /// Parses a comma-separated list such as `bleu,chrf,ter` (case-insensitive, spaces allowed, duplicates dropped).
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
