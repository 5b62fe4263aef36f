import Foundation

/// The standard test functions of Bayesian optimisation on the unit cube, as `../shared/reference/hpo_reference.py`
/// defines them (same scaling, same minima), so that regrets compare with its figures.
public struct TestFunction: Sendable {
    public var name: String
    public var dimensions: Int
    public var minimum: Double
    public var evaluate: @Sendable ([Double]) -> Double

    /// Branin on x₁ ∈ [−5, 10], x₂ ∈ [0, 15]; three global minima of 0.397887.
    public static let branin = TestFunction(name: "branin", dimensions: 2, minimum: 0.397887) { u in
        let x1 = -5 + 15 * u[0], x2 = 15 * u[1]
        let b = 5.1 / (4 * Double.pi * Double.pi), c = 5 / Double.pi, r = 6.0, s = 10.0, t = 1 / (8 * Double.pi)
        let inner = x2 - b * x1 * x1 + c * x1 - r
        return inner * inner + s * (1 - t) * cos(x1) + s
    }

    /// Hartmann-6 on [0, 1]⁶; global minimum −3.32237.
    public static let hartmann6 = TestFunction(name: "hartmann6", dimensions: 6, minimum: -3.32237) { u in
        let a: [[Double]] = [[10, 3, 17, 3.5, 1.7, 8], [0.05, 10, 17, 0.1, 8, 14], [3, 3.5, 1.7, 10, 17, 8], [17, 8, 0.05, 10, 0.1, 14]]
        let p: [[Double]] = [[1312, 1696, 5569, 124, 8283, 5886], [2329, 4135, 8307, 3736, 1004, 9991],
                             [2348, 1451, 3522, 2883, 3047, 6650], [4047, 8828, 8732, 5743, 1091, 381]]
        let alpha = [1.0, 1.2, 3.0, 3.2]
        var sum = 0.0
        for i in 0..<4 {
            var exponent = 0.0
            for j in 0..<6 {
                let delta = u[j] - p[i][j] * 1e-4
                exponent += a[i][j] * delta * delta
            }
            sum += alpha[i] * exp(-exponent)
        }
        return -sum
    }
}
