import Foundation

/// Maximises an acquisition function over the space: many random candidates (valid assignments, encoded), then
/// L-BFGS from the best of them and from the best trials so far, moving the numeric columns only, and the result
/// snapped back onto the space's grid (integers, steps, one-hot choices). Optuna's GPSampler does the same with
/// 2,048 candidates and 10 local searches.
public struct AcquisitionSearch: Sendable {
    public var candidates = 2048
    public var localSearches = 10
    public var iterations = 100

    public init() {}

    /// - Parameters:
    ///   - starts: points always refined (the incumbents), besides the best candidates.
    ///   - acquisition: value and gradient at a cube point; larger is better.
    public func maximise(space: SearchSpace, starts: [[Double]], generator: inout TuneRandom,
                         _ acquisition: ([Double]) -> (value: Double, gradient: [Double])) -> [Double] {
        var scored: [(point: [Double], value: Double)] = (0..<candidates).map { _ in
            let point = space.encode(space.sample(&generator))
            return (point, acquisition(point).value)
        }
        scored.sort { $0.value > $1.value }
        var best = scored[0]
        let numeric = space.numericColumns
        guard numeric.contains(true), localSearches > 0 else { return best.point }
        let optimiser = LBFGS(maxIterations: iterations, tolerance: 1e-9)
        for start in starts + scored.prefix(localSearches).map(\.point) {
            // Choice columns are held where they are: lower = upper = the start's value.
            let lower = start.indices.map { numeric[$0] ? 0 : start[$0] }
            let upper = start.indices.map { numeric[$0] ? 1 : start[$0] }
            let result = optimiser.minimise(from: start, lower: lower, upper: upper) { x in
                let (value, gradient) = acquisition(x)
                return (-value, gradient.map { -$0 })
            }
            let snapped = space.encode(space.decode(result.point))
            let value = acquisition(snapped).value
            if value > best.value { best = (snapped, value) }
        }
        return best.point
    }
}
