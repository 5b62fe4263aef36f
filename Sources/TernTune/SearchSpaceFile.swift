import Foundation
import Yams

/// A search space written in YAML, one key per line, after Keras Tuner's `hp.Float / hp.Int / hp.Choice`:
///
///     learning_rate: {type: float, min: 1.0e-4, max: 3.0e-3, log: true}
///     warmup: {type: int, min: 0, max: 2000, step: 250}
///     dropout: {type: float, min: 0.0, max: 0.3, step: 0.05}
///     batch_tokens: {type: choice, values: [2048, 4096, 8192]}
///
/// Every error names the file and the line: a key that is not a training or model key, an empty range
/// (`min ≥ max`), a log range with a bound ≤ 0, a missing or unknown field.
public enum SearchSpaceFile {
    static let fields: Set<String> = ["type", "min", "max", "log", "step", "values"]

    /// Reads and checks a space file.
    /// - Parameters:
    ///   - path: the YAML file.
    ///   - allowedKeys: the config keys a search may set (the trainer's and the model's; the CLI passes them in, so
    ///     that this module does not import the trainer).
    public static func load(path: String, allowedKeys: Set<String>) throws -> SearchSpace {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { throw TuneError.missingSpace(path: path) }
        return try parse(text, path: path, allowedKeys: allowedKeys)
    }

    public static func parse(_ text: String, path: String, allowedKeys: Set<String>) throws -> SearchSpace {
        func fail(_ node: Node?, _ reason: String) -> TuneError {
            .badSpace(path: path, line: node?.mark?.line ?? 1, reason: reason)
        }
        let root: Node?
        do { root = try Yams.compose(yaml: text) } catch let error as YamlError {
            throw TuneError.badSpace(path: path, line: line(of: error) ?? 1, reason: "not valid YAML: \(error)")
        }
        guard let root, let mapping = root.mapping, !mapping.isEmpty else {
            throw fail(root, "a search space is one mapping of config keys to ranges, and this one is empty")
        }
        var parameters: [SearchParameter] = []
        for (keyNode, valueNode) in mapping {
            guard let name = keyNode.scalar?.string else { throw fail(keyNode, "a key must be a word") }
            guard !parameters.contains(where: { $0.name == name }) else { throw fail(keyNode, "'\(name)' is listed twice") }
            guard allowedKeys.contains(name) else {
                throw fail(keyNode, "'\(name)' is not a training or model key")
            }
            guard let entry = valueNode.mapping else {
                throw fail(valueNode, "'\(name)' needs a mapping such as {type: float, min: 0.0, max: 0.3}")
            }
            var fieldsOf: [String: Node] = [:]
            for (fieldNode, fieldValue) in entry {
                let field = fieldNode.scalar?.string ?? ""
                guard fields.contains(field) else {
                    throw fail(fieldNode, "'\(field)' is not a field of a range (type, min, max, log, step, values)")
                }
                fieldsOf[field] = fieldValue
            }
            func number(_ field: String) throws -> Double? {
                guard let node = fieldsOf[field] else { return nil }
                guard let text = node.scalar?.string, let value = Double(text), value.isFinite else {
                    throw fail(node, "'\(name)': \(field) must be a number")
                }
                return value
            }
            func integer(_ field: String) throws -> Int? {
                guard let node = fieldsOf[field] else { return nil }
                guard let text = node.scalar?.string, let value = Int(text) else {
                    throw fail(node, "'\(name)': \(field) must be an integer")
                }
                return value
            }
            func required<T>(_ value: T?, _ field: String) throws -> T {
                guard let value else { throw fail(valueNode, "'\(name)' needs \(field)") }
                return value
            }
            let log: Bool
            if let node = fieldsOf["log"] {
                guard let text = node.scalar?.string, let value = Bool(text) else { throw fail(node, "'\(name)': log must be true or false") }
                log = value
            } else {
                log = false
            }
            let typeNode = fieldsOf["type"]
            let kind: SearchParameter.Kind
            switch typeNode?.scalar?.string {
            case "float":
                let low = try required(try number("min"), "min"), high = try required(try number("max"), "max")
                let step = try number("step")
                guard low < high else { throw fail(valueNode, "'\(name)': empty range, min \(low) must be below max \(high)") }
                if log && low <= 0 { throw fail(fieldsOf["min"], "'\(name)': a log range needs min > 0, got \(low)") }
                if let step {
                    guard step > 0 else { throw fail(fieldsOf["step"], "'\(name)': step must be positive, got \(step)") }
                    guard !log else { throw fail(fieldsOf["step"], "'\(name)': a step and log: true cannot be combined") }
                }
                kind = .real(low: low, high: high, log: log, step: step)
            case "int":
                let low = try required(try integer("min"), "min"), high = try required(try integer("max"), "max")
                let step = try integer("step") ?? 1
                guard low < high else { throw fail(valueNode, "'\(name)': empty range, min \(low) must be below max \(high)") }
                if log && low <= 0 { throw fail(fieldsOf["min"], "'\(name)': a log range needs min > 0, got \(low)") }
                guard step > 0 else { throw fail(fieldsOf["step"], "'\(name)': step must be positive, got \(step)") }
                if log && step != 1 { throw fail(fieldsOf["step"], "'\(name)': a step and log: true cannot be combined") }
                kind = .integer(low: low, high: high, log: log, step: step)
            case "choice":
                guard let list = fieldsOf["values"]?.sequence, !list.isEmpty else {
                    throw fail(fieldsOf["values"] ?? valueNode, "'\(name)': a choice needs a non-empty list of values")
                }
                let values = list.map { node -> ParameterValue in
                    let text = node.scalar?.string ?? ""
                    if let value = Int(text) { return .integer(value) }
                    if let value = Double(text) { return .real(value) }
                    return .word(text)
                }
                guard Set(values).count == values.count else { throw fail(fieldsOf["values"], "'\(name)': a value is listed twice") }
                kind = .choice(values)
            case let other:
                throw fail(typeNode ?? valueNode, "'\(name)': type must be float, int or choice, got '\(other ?? "nothing")'")
            }
            parameters.append(SearchParameter(name: name, kind: kind, line: keyNode.mark?.line ?? 1))
        }
        return SearchSpace(parameters: parameters)
    }

    /// The line of a YAML syntax error, when Yams reports one.
    static func line(of error: YamlError) -> Int? {
        switch error {
        case let .scanner(_, _, mark, _), let .parser(_, _, mark, _), let .composer(_, _, mark, _): return mark.line
        default: return nil
        }
    }
}
