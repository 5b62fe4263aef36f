import Foundation

/// The GP's own hyperparameters — the inverse squared length scales `λⱼ`, the amplitude `a` and the noise `σₙ²` —
/// chosen by maximum a posteriori (maximum marginal likelihood plus weak priors) with restarts, by L-BFGS on
/// their logarithms with the analytic gradient.
///
/// Why not Snoek et al.'s slice sampling: with the same kernel, Optuna's GPSampler takes this MAP estimate and is
/// the best of the reference optimisers on Hartmann-6 (`../shared/reference/README.md`); one fit per suggestion,
/// warm-started from the last one, costs a few Cholesky factorisations where slice sampling costs hundreds, and
/// `tern bench tune` shows whether the estimate holds up. The priors are Optuna's: on each `λ`,
/// `−(0.1/λ + 0.1 λ)` (length scales near the unit cube's size); on `a`, Gamma(2, 1); on `σₙ²`, Gamma(1.1, 30)
/// above a floor of 1e-6 (small noise, for objectives that are nearly deterministic). With ten points in six
/// dimensions the likelihood alone is nearly flat in some length scales; the priors keep them on the cube's scale.
public struct GaussianProcessFit {
    public static let minimumNoise = 1e-6

    /// Log-space bounds: `λ` in [e⁻⁸, e⁸], `a` in [e⁻⁶, e⁴], noise above the floor in [e⁻¹⁶, e⁰].
    static func bounds(dimensions: Int) -> (lower: [Double], upper: [Double]) {
        (Array(repeating: -8, count: dimensions) + [-6, -16], Array(repeating: 8, count: dimensions) + [4, 0])
    }

    /// The hyperparameters as one vector `[log λ₁…log λ_d, log a, log(σₙ² − floor)]`.
    public struct Parameters: Equatable, Sendable {
        public var logValues: [Double]
        public init(logValues: [Double]) { self.logValues = logValues }
        public static func initial(dimensions: Int) -> Parameters {
            Parameters(logValues: Array(repeating: 0, count: dimensions) + [0, log(1e-2)])
        }
        var dimensions: Int { logValues.count - 2 }
        public var kernel: MaternKernel {
            MaternKernel(inverseSquaredLengthScales: logValues.prefix(dimensions).map(exp), amplitude: exp(logValues[dimensions]))
        }
        public var noise: Double { GaussianProcessFit.minimumNoise + exp(logValues[dimensions + 1]) }
    }

    /// The negative log posterior of the hyperparameters and its gradient in log space.
    static func negativeLogPosterior(_ parameters: Parameters, inputs: [[Double]], targets: [Double]) -> (value: Double, gradient: [Double]) {
        let d = parameters.dimensions, n = inputs.count
        let kernel = parameters.kernel, noise = parameters.noise
        let failure = (Double.infinity, [Double](repeating: 0, count: d + 2))
        var gram = GaussianProcess.gram(inputs, kernel)
        for i in 0..<n { gram[i * n + i] += noise }
        guard let factor = Cholesky(gram, size: n) else { return failure }
        let alpha = factor.solve(targets)
        let inverse = factor.inverse()
        var logLikelihood = -0.5 * dot(targets, alpha) - 0.5 * factor.logDeterminant - Double(n) / 2 * log(2 * Double.pi)
        // ∂ log p(y) / ∂θ = ½ tr(W ∂K/∂θ) with W = ααᵀ − K⁻¹ (Rasmussen & Williams, eq. 5.9).
        var gradient = [Double](repeating: 0, count: d + 2)
        let lambdas = kernel.inverseSquaredLengthScales
        var amplitudeTrace = 0.0, noiseTrace = 0.0
        for i in 0..<n {
            let wii = alpha[i] * alpha[i] - inverse[i * n + i]
            amplitudeTrace += wii * kernel.amplitude
            noiseTrace += wii
            for j in 0..<i {
                let w = alpha[i] * alpha[j] - inverse[i * n + j]
                let r2 = kernel.squaredDistance(inputs[i], inputs[j])
                // Off-diagonal pairs appear twice in the trace; the ½ cancels that.
                amplitudeTrace += 2 * w * kernel.value(squaredDistance: r2)
                let slope = w * kernel.derivative(squaredDistance: r2)
                for k in 0..<d {
                    let delta = inputs[i][k] - inputs[j][k]
                    gradient[k] += slope * lambdas[k] * delta * delta
                }
            }
        }
        gradient[d] = 0.5 * amplitudeTrace
        gradient[d + 1] = 0.5 * noiseTrace * (noise - minimumNoise)
        // The priors.
        for k in 0..<d {
            logLikelihood -= 0.1 / lambdas[k] + 0.1 * lambdas[k]
            gradient[k] += 0.1 / lambdas[k] - 0.1 * lambdas[k]
        }
        logLikelihood += log(kernel.amplitude) - kernel.amplitude
        gradient[d] += 1 - kernel.amplitude
        logLikelihood += 0.1 * log(noise) - 30 * noise
        gradient[d + 1] += (0.1 / noise - 30) * (noise - minimumNoise)
        return (-logLikelihood, gradient.map { -$0 })
    }

    /// The MAP hyperparameters, from `previous` (warm start) and `restarts` random starts.
    public static func fit(inputs: [[Double]], targets: [Double], previous: Parameters?, restarts: Int,
                           generator: inout TuneRandom) -> Parameters {
        let d = inputs.first?.count ?? 0
        let (lower, upper) = bounds(dimensions: d)
        var starts = [previous ?? .initial(dimensions: d)]
        if previous != nil { starts.append(.initial(dimensions: d)) }
        for _ in 0..<restarts {
            starts.append(Parameters(logValues: (0..<d).map { _ in generator.uniform(-3, 3) }
                                     + [generator.uniform(-1, 1), generator.uniform(-12, -2)]))
        }
        var best = starts[0], bestValue = Double.infinity
        let optimiser = LBFGS(maxIterations: 60)
        for start in starts {
            let result = optimiser.minimise(from: start.logValues, lower: lower, upper: upper) {
                negativeLogPosterior(Parameters(logValues: $0), inputs: inputs, targets: targets)
            }
            if result.value < bestValue { best = Parameters(logValues: result.point); bestValue = result.value }
        }
        return best
    }
}
