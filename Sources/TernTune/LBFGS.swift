import Foundation

/// Limited-memory BFGS on a box (projected: each trial point is clipped to the bounds, and the step is halved until
/// the Armijo condition holds). Minimises; used for the GP's hyperparameters (in log space) and for the local
/// refinement of the acquisition in the unit cube. A plain version: no curvature condition, which the projection
/// would break anyway; a pair is kept only when `sᵀy > 0`.
struct LBFGS {
    var memory = 8
    var maxIterations = 100
    var tolerance = 1e-7

    /// Returns the best point found and its value.
    func minimise(from start: [Double], lower: [Double], upper: [Double],
                  _ objective: ([Double]) -> (value: Double, gradient: [Double])) -> (point: [Double], value: Double) {
        let d = start.count
        func project(_ x: [Double]) -> [Double] { (0..<d).map { min(max(x[$0], lower[$0]), upper[$0]) } }
        var x = project(start)
        var (f, g) = objective(x)
        guard f.isFinite else { return (x, f) }
        var pairs: [(s: [Double], y: [Double], rho: Double)] = []
        for _ in 0..<maxIterations {
            // Two-loop recursion: direction = −H g.
            var q = g
            var alphas = [Double](repeating: 0, count: pairs.count)
            for (index, pair) in pairs.enumerated().reversed() {
                let a = pair.rho * dot(pair.s, q)
                alphas[index] = a
                for j in 0..<d { q[j] -= a * pair.y[j] }
            }
            if let last = pairs.last {
                let gamma = dot(last.s, last.y) / dot(last.y, last.y)
                for j in 0..<d { q[j] *= gamma }
            } else {
                let norm = dot(g, g).squareRoot()
                if norm > 0 { for j in 0..<d { q[j] /= max(norm, 1) } }
            }
            for (index, pair) in pairs.enumerated() {
                let b = pair.rho * dot(pair.y, q)
                for j in 0..<d { q[j] += pair.s[j] * (alphas[index] - b) }
            }
            var direction = q.map { -$0 }
            if dot(direction, g) >= 0 { direction = g.map { -$0 }; pairs.removeAll() }
            var step = 1.0, accepted = false
            var next = x, nextF = f, nextG = g
            for _ in 0..<30 {
                next = project((0..<d).map { x[$0] + step * direction[$0] })
                (nextF, nextG) = objective(next)
                let decrease = dot(g, (0..<d).map { next[$0] - x[$0] })
                if nextF.isFinite && nextF <= f + 1e-4 * decrease { accepted = true; break }
                step /= 2
            }
            guard accepted else { break }
            let s = (0..<d).map { next[$0] - x[$0] }, y = (0..<d).map { nextG[$0] - g[$0] }
            let sy = dot(s, y)
            let change = abs(f - nextF)
            x = next; f = nextF; g = nextG
            if sy > 1e-12 {
                pairs.append((s, y, 1 / sy))
                if pairs.count > memory { pairs.removeFirst() }
            }
            if change <= tolerance * max(1, abs(f)) || dot(s, s) < 1e-20 { break }
        }
        return (x, f)
    }
}

@inline(__always)
func dot(_ a: [Double], _ b: [Double]) -> Double {
    var sum = 0.0
    for i in 0..<a.count { sum += a[i] * b[i] }
    return sum
}
