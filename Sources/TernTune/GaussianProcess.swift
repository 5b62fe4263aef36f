import Foundation

/// A Gaussian-process regression on fixed hyperparameters: the posterior mean and variance of the (latent)
/// function at new points given noisy observations `y` at `inputs` (Rasmussen & Williams, algorithm 2.1):
///
///     K = k(X, X) + σₙ² I = L Lᵀ,   α = K⁻¹ y,   μ(x) = k*ᵀ α,   σ²(x) = k(x, x) − k*ᵀ K⁻¹ k*
///
/// The prior mean is zero: the tuner standardises its targets first (``StandardisedTargets``).
public struct GaussianProcess {
    public let kernel: MaternKernel
    public let noise: Double
    public let inputs: [[Double]]
    let cholesky: Cholesky
    let alpha: [Double]

    /// The posterior at one point: mean and variance of the latent function (noise excluded).
    public struct Prediction: Equatable {
        public var mean: Double
        public var variance: Double
        public var standardDeviation: Double { max(variance, 0).squareRoot() }
    }

    /// Fits the posterior; nil when `K` is not positive definite even after jitter is added.
    public init?(inputs: [[Double]], targets: [Double], kernel: MaternKernel, noise: Double) {
        let n = inputs.count
        var gram = GaussianProcess.gram(inputs, kernel)
        // Jitter grows tenfold until the factor exists: duplicate points with tiny noise make K singular.
        var jitter = 0.0
        var factor: Cholesky?
        for attempt in 0..<6 {
            if attempt > 0 {
                let added = attempt == 1 ? 1e-10 : jitter * 10
                for i in 0..<n { gram[i * n + i] += added - jitter }
                jitter = added
            } else {
                for i in 0..<n { gram[i * n + i] += noise }
            }
            factor = Cholesky(gram, size: n)
            if factor != nil { break }
        }
        guard let factor else { return nil }
        self.kernel = kernel
        self.noise = noise + jitter
        self.inputs = inputs
        cholesky = factor
        alpha = factor.solve(targets)
    }

    /// `k(X, X)`, row-major, without noise.
    static func gram(_ inputs: [[Double]], _ kernel: MaternKernel) -> [Double] {
        let n = inputs.count
        var gram = [Double](repeating: 0, count: n * n)
        for i in 0..<n {
            gram[i * n + i] = kernel.amplitude
            for j in 0..<i {
                let value = kernel(inputs[i], inputs[j])
                gram[i * n + j] = value
                gram[j * n + i] = value
            }
        }
        return gram
    }

    public func predict(_ x: [Double]) -> Prediction {
        let cross = inputs.map { kernel($0, x) }
        var mean = 0.0
        for i in 0..<cross.count { mean += cross[i] * alpha[i] }
        let v = cholesky.solveLower(cross)
        var explained = 0.0
        for value in v { explained += value * value }
        return Prediction(mean: mean, variance: max(kernel.amplitude - explained, 0))
    }

    /// The prediction and its gradient with respect to `x` (for the local refinement of the acquisition):
    /// `∂k(xᵢ, x)/∂xⱼ = ∂k/∂r² · 2 λⱼ (xⱼ − xᵢⱼ)`, `∂μ = Σᵢ αᵢ ∂kᵢ`, `∂σ² = −2 (K⁻¹k*)ᵀ ∂k*`.
    public func predictWithGradient(_ x: [Double]) -> (Prediction, meanGradient: [Double], varianceGradient: [Double]) {
        let n = inputs.count, d = x.count
        var cross = [Double](repeating: 0, count: n)
        var slope = [Double](repeating: 0, count: n)
        for i in 0..<n {
            let r2 = kernel.squaredDistance(inputs[i], x)
            cross[i] = kernel.value(squaredDistance: r2)
            slope[i] = kernel.derivative(squaredDistance: r2)
        }
        let v = cholesky.solveLower(cross)
        let w = cholesky.solveUpper(v)
        var mean = 0.0, explained = 0.0
        for i in 0..<n { mean += cross[i] * alpha[i]; explained += v[i] * v[i] }
        var meanGradient = [Double](repeating: 0, count: d), varianceGradient = [Double](repeating: 0, count: d)
        for i in 0..<n {
            let point = inputs[i]
            for j in 0..<d {
                let dk = slope[i] * 2 * kernel.inverseSquaredLengthScales[j] * (x[j] - point[j])
                meanGradient[j] += alpha[i] * dk
                varianceGradient[j] -= 2 * w[i] * dk
            }
        }
        return (Prediction(mean: mean, variance: max(kernel.amplitude - explained, 0)), meanGradient, varianceGradient)
    }

    /// The log marginal likelihood `−½ yᵀα − ½ log det K − n/2 log 2π`.
    public func logMarginalLikelihood(targets: [Double]) -> Double {
        var fit = 0.0
        for i in 0..<targets.count { fit += targets[i] * alpha[i] }
        return -0.5 * fit - 0.5 * cholesky.logDeterminant - Double(targets.count) / 2 * log(2 * Double.pi)
    }
}

/// Targets shifted to mean 0 and scaled to standard deviation 1 (1 when they are all equal), so that one prior on
/// the amplitude and noise suits every objective, whether BLEU points or a loss.
public struct StandardisedTargets {
    public let mean: Double
    public let scale: Double
    public let values: [Double]

    public init(_ targets: [Double]) {
        let n = Double(targets.count)
        let mean = targets.reduce(0, +) / n
        let variance = targets.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / n
        let scale = variance > 0 ? variance.squareRoot() : 1
        self.mean = mean
        self.scale = scale
        values = targets.map { ($0 - mean) / scale }
    }
}
