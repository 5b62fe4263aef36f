import Foundation

/// One value of a searched key: a number, an integer or a word (a choice such as `norm: [pre, post]`).
public enum ParameterValue: Equatable, Hashable, Sendable, CustomStringConvertible {
    case real(Double)
    case integer(Int)
    case word(String)

    /// As written after `key=` in a config override, and in tables.
    public var description: String {
        switch self {
        case let .real(value): return String(format: "%.6g", value)
        case let .integer(value): return String(value)
        case let .word(value): return value
        }
    }

    /// The value as a number (for plots), nil for a word.
    public var number: Double? {
        switch self {
        case let .real(value): return value
        case let .integer(value): return Double(value)
        case .word: return nil
        }
    }
}

/// One searched key and its range, after Keras Tuner's `hp.Float`, `hp.Int` and `hp.Choice`.
public struct SearchParameter: Equatable, Sendable {
    public enum Kind: Equatable, Sendable {
        /// Uniform in [low, high], or in its logarithm; on a grid `low + k·step` when `step` is given (linear only).
        case real(low: Double, high: Double, log: Bool, step: Double?)
        /// An integer in [low, high] on the grid `low + k·step`, uniform or log-uniform.
        case integer(low: Int, high: Int, log: Bool, step: Int)
        /// One of the listed values.
        case choice([ParameterValue])
    }

    public var name: String
    public var kind: Kind
    /// Where the key is written in the space file (1-based), for messages.
    public var line: Int

    public init(name: String, kind: Kind, line: Int = 0) {
        self.name = name
        self.kind = kind
        self.line = line
    }

    /// Columns in the unit-cube encoding: one for a number, one per value (one-hot) for a choice.
    public var width: Int {
        if case let .choice(values) = kind { return values.count }
        return 1
    }

    /// The position of `value` in [0, 1] (log keys warped: the cube is uniform in the logarithm).
    func unit(_ value: Double) -> Double {
        switch kind {
        case let .real(low, high, log, _): return SearchParameter.unit(value, Double(low), Double(high), log)
        case let .integer(low, high, log, _): return SearchParameter.unit(value, Double(low), Double(high), log)
        case .choice: return 0
        }
    }

    static func unit(_ value: Double, _ low: Double, _ high: Double, _ log: Bool) -> Double {
        guard high > low else { return 0.5 }
        return log ? (Foundation.log(value) - Foundation.log(low)) / (Foundation.log(high) - Foundation.log(low))
            : (value - low) / (high - low)
    }

    static func value(_ unit: Double, _ low: Double, _ high: Double, _ log: Bool) -> Double {
        let u = min(max(unit, 0), 1)
        return log ? exp(Foundation.log(low) + u * (Foundation.log(high) - Foundation.log(low))) : low + u * (high - low)
    }

    /// The value of a number key at cube position `unit` without snapping to its grid (nil for a choice): where a
    /// chart along the key puts its x, so the GP's smooth posterior is not drawn in steps.
    public func continuousValue(atUnit unit: Double) -> Double? {
        switch kind {
        case let .real(low, high, log, _): return SearchParameter.value(unit, low, high, log)
        case let .integer(low, high, log, _): return SearchParameter.value(unit, Double(low), Double(high), log)
        case .choice: return nil
        }
    }

    /// Whether the key is searched in its logarithm (then its charts use a logarithmic axis).
    public var isLogarithmic: Bool {
        switch kind {
        case let .real(_, _, log, _): return log
        case let .integer(_, _, log, _): return log
        case .choice: return false
        }
    }

    /// The value at a point of the cube's columns for this key (`columns.count == width`), snapped to the key's
    /// grid: integers and steps rounded, a choice by its largest column.
    public func decode(_ columns: ArraySlice<Double>) -> ParameterValue {
        switch kind {
        case let .real(low, high, log, step):
            let raw = SearchParameter.value(columns.first!, low, high, log)
            guard let step else { return .real(min(max(raw, low), high)) }
            let snapped = low + ((raw - low) / step).rounded() * step
            return .real(min(max(snapped, low), low + SearchParameter.gridSteps(low, high, step) * step))
        case let .integer(low, high, log, step):
            let raw = SearchParameter.value(columns.first!, Double(low), Double(high), log)
            let k = ((raw - Double(low)) / Double(step)).rounded()
            let top = (high - low) / step
            return .integer(low + min(max(Int(k), 0), top) * step)
        case let .choice(values):
            let index = columns.indices.max { columns[$0] < columns[$1] }! - columns.startIndex
            return values[index]
        }
    }

    /// The cube's columns for `value` (the inverse of ``decode(_:)`` on the grid).
    public func encode(_ value: ParameterValue) -> [Double] {
        switch kind {
        case .real, .integer: return [unit(value.number ?? 0)]
        case let .choice(values): return values.map { $0 == value ? 1 : 0 }
        }
    }

    /// The last grid index of a stepped range: (high − low)/step rounded down, forgiving the rounding error of
    /// decimal steps (0.3 / 0.1 is 2.9999999999999996 in binary).
    static func gridSteps(_ low: Double, _ high: Double, _ step: Double) -> Double {
        ((high - low) / step + 1e-9).rounded(.down)
    }

    /// Whether the local refinement may move this key continuously (a number; a choice's one-hot columns are not
    /// continuous).
    var isNumeric: Bool {
        if case .choice = kind { return false }
        return true
    }
}

/// The keys searched, their ranges, and the unit cube the Gaussian process sees: numbers on [0, 1] (log keys
/// warped), each choice as one-hot columns.
public struct SearchSpace: Equatable, Sendable {
    public var parameters: [SearchParameter]

    public init(parameters: [SearchParameter]) { self.parameters = parameters }

    /// One value per parameter, in ``parameters``' order.
    public typealias Assignment = [ParameterValue]

    public var dimensions: Int { parameters.reduce(0) { $0 + $1.width } }

    /// For each cube column, whether local refinement may move it.
    public var numericColumns: [Bool] { parameters.flatMap { [Bool](repeating: $0.isNumeric, count: $0.width) } }

    public func encode(_ assignment: Assignment) -> [Double] {
        zip(parameters, assignment).flatMap { $0.encode($1) }
    }

    public func decode(_ point: [Double]) -> Assignment {
        var start = 0
        return parameters.map { parameter in
            defer { start += parameter.width }
            return parameter.decode(point[start..<(start + parameter.width)])
        }
    }

    /// A uniform draw (log-uniform for log keys), on each key's grid.
    public func sample(_ generator: inout TuneRandom) -> Assignment {
        parameters.map { parameter in
            // A linear grid is drawn by its index, so that its two ends are as likely as the rest (rounding a
            // uniform draw would give them half a cell each).
            switch parameter.kind {
            case let .choice(values):
                return values[Int(generator.next() % UInt64(values.count))]
            case let .integer(low, high, false, step):
                return .integer(low + Int(generator.next() % UInt64((high - low) / step + 1)) * step)
            case let .real(low, high, false, step?):
                let top = SearchParameter.gridSteps(low, high, step)
                return .real(low + Double(generator.next() % UInt64(top + 1)) * step)
            default:
                return parameter.decode([generator.uniform()][...])
            }
        }
    }

    /// `key=value` strings for a config.
    public func overrides(_ assignment: Assignment) -> [String] {
        zip(parameters, assignment).map { "\($0.name)=\($1)" }
    }
}

extension SearchSpace {
    /// Key → value as written in an override, for the study file.
    public func described(_ assignment: Assignment) -> [String: String] {
        Dictionary(uniqueKeysWithValues: zip(parameters, assignment).map { ($0.name, $1.description) })
    }

    /// The assignment a study file recorded; nil when a key is missing or its value no longer fits the space.
    public func assignment(from described: [String: String]) -> Assignment? {
        var result: Assignment = []
        for parameter in parameters {
            guard let text = described[parameter.name] else { return nil }
            switch parameter.kind {
            case .real:
                guard let value = Double(text) else { return nil }
                result.append(.real(value))
            case .integer:
                guard let value = Int(text) else { return nil }
                result.append(.integer(value))
            case let .choice(values):
                guard let value = values.first(where: { $0.description == text }) else { return nil }
                result.append(value)
            }
        }
        return result
    }
}
