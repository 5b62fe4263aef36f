import Foundation
import TernTune

/// `tern bench tune`: the optimiser alone on Branin and Hartmann-6 — median simple regret (best found minus the
/// global minimum) after 25, 50 and 100 evaluations over several seeds, Tern's GP-EI beside random search, and
/// the seconds the optimiser spends per suggestion. The reference optimisers (scikit-optimize, Optuna) come from
/// `hpo_reference.py` in the same run (``run(log:)`` returns Tern's rows; the command adds the reference's).
public struct TuneBenchmark {
    public var functions: [TestFunction] = [.branin, .hartmann6]
    public var seeds = 10
    public var evaluations = 100
    public var initialRandom = 10
    /// Random search is cheap: more seeds make its median steady (the reference uses 200).
    public var randomSeeds = 200
    public static let marks = [25, 50, 100]

    public init() {}

    public struct Row {
        public var function: String
        public var method: String
        public var seeds: Int
        /// Median, first and third quartile of the regret at each of ``marks`` (that are ≤ the evaluations).
        public var regret: [Int: (median: Double, q1: Double, q3: Double)]
        public var secondsPerEvaluation: Double?
    }

    /// Median and quartiles by Python's `statistics.quantiles(n=4)` (the "exclusive" method), as the reference.
    public static func summary(_ values: [Double]) -> (median: Double, q1: Double, q3: Double) {
        let sorted = values.sorted(), n = sorted.count
        let median = n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2
        guard n > 1 else { return (median, median, median) }
        func quantile(_ k: Int) -> Double {
            let position = Double(k * (n + 1)) / 4
            let j = min(max(Int(position.rounded(.down)), 1), n - 1)
            let fraction = position - Double(j)
            return sorted[j - 1] + (sorted[j] - sorted[j - 1]) * fraction
        }
        return (median, quantile(1), quantile(3))
    }

    /// One optimisation of `function` with `strategy`; returns the regret after each evaluation and the seconds
    /// spent choosing points.
    func optimise(_ function: TestFunction, strategy: SearchStrategy, seed: Int) -> (regret: [Double], seconds: Double) {
        let space = SearchSpace(parameters: (0..<function.dimensions).map {
            SearchParameter(name: "x\($0)", kind: .real(low: 0, high: 1, log: false, step: nil))
        })
        var generator = TuneRandom(seed: UInt64(seed) &* 0x9E37_79B9 &+ 17)
        var history: [Observation] = [], regret: [Double] = []
        var best = Double.infinity, seconds = 0.0
        for _ in 0..<evaluations {
            let start = Date()
            let assignment = strategy.suggest(space: space, history: history, generator: &generator)
            seconds += Date().timeIntervalSince(start)
            let point = assignment.map { $0.number ?? 0 }
            let value = function.evaluate(point)
            history.append(Observation(assignment: assignment, value: value))
            best = min(best, value)
            regret.append(best - function.minimum)
        }
        return (regret, seconds)
    }

    func row(_ function: TestFunction, method: String, seeds: Int, make: () -> SearchStrategy, log: (String) -> Void) -> Row {
        var curves: [[Double]] = [], seconds = 0.0
        for seed in 0..<seeds {
            let (curve, time) = optimise(function, strategy: make(), seed: seed)
            curves.append(curve)
            seconds += time
            if method != "random" {
                log(String(format: "  %@ %@ seed %d/%d: regret %.4g after %d, %.3f s per suggestion",
                           function.name, method, seed + 1, seeds, curve.last!, evaluations, time / Double(evaluations)))
            }
        }
        var regret: [Int: (Double, Double, Double)] = [:]
        for mark in TuneBenchmark.marks where mark <= evaluations {
            regret[mark] = TuneBenchmark.summary(curves.map { $0[mark - 1] })
        }
        return Row(function: function.name, method: method, seeds: seeds, regret: regret,
                   secondsPerEvaluation: seconds / Double(seeds * evaluations))
    }

    /// Tern's rows: random search and GP-EI on each function.
    public func run(log: (String) -> Void) -> [Row] {
        var rows: [Row] = []
        for function in functions {
            rows.append(row(function, method: "random", seeds: randomSeeds, make: { RandomSearch() }, log: log))
            rows.append(row(function, method: "tern gp-ei", seeds: seeds,
                            make: { GaussianProcessSearch(initialRandom: initialRandom) }, log: log))
        }
        return rows
    }

    /// Rows from `hpo_reference.py`'s JSON lines.
    public static func rows(fromReference objects: [[String: Any]]) -> [Row] {
        objects.compactMap { object in
            guard let function = object["function"] as? String, let method = object["method"] as? String else { return nil }
            var regret: [Int: (Double, Double, Double)] = [:]
            for mark in marks {
                guard let entry = object["regret@\(mark)"] as? [String: Any], let median = (entry["median"] as? NSNumber)?.doubleValue
                else { continue }
                regret[mark] = (median, (entry["q1"] as? NSNumber)?.doubleValue ?? median, (entry["q3"] as? NSNumber)?.doubleValue ?? median)
            }
            return Row(function: function, method: method, seeds: (object["seeds"] as? NSNumber)?.intValue ?? 0, regret: regret,
                       secondsPerEvaluation: (object["seconds_per_eval"] as? NSNumber)?.doubleValue)
        }
    }

    /// The table: one line per function and method.
    public static func table(_ rows: [Row]) -> [String] {
        var lines = ["| function | method | seeds | regret @25 | @50 | @100 | optimiser s/eval |", "|---|---|---|---|---|---|---|"]
        for row in rows.sorted(by: { $0.function < $1.function }) {
            let cells = marks.map { mark -> String in
                guard let r = row.regret[mark] else { return "—" }
                return String(format: "%.4g (%.3g–%.3g)", r.median, r.q1, r.q3)
            }
            let seconds = row.secondsPerEvaluation.map { String(format: "%.4f", $0) } ?? "—"
            lines.append("| \(row.function) | \(row.method) | \(row.seeds) | \(cells.joined(separator: " | ")) | \(seconds) |")
        }
        return lines
    }
}
