import Foundation

/// Expected improvement of a minimisation below the best value so far, `best`, under a normal posterior
/// `N(μ, σ²)` (Jones et al. 1998; Snoek et al. 2012, eq. 2):
///
///     EI = σ h(z),   z = (best − μ) / σ,   h(z) = φ(z) + z Φ(z)
///
/// and its logarithm, computed without underflow where `z` is very negative (Ament et al. 2023, "Unexpected
/// improvements to expected improvement"): far from the incumbent EI underflows to 0 in Double and a flat 0 gives a
/// search nothing to climb, whereas log EI keeps a slope. As σ → 0, EI → max(best − μ, 0) and log EI → its log.
public enum ExpectedImprovement {
    static let logSqrt2Pi = 0.5 * log(2 * Double.pi)

    /// Φ(z), the standard normal distribution function.
    public static func normalCDF(_ z: Double) -> Double { 0.5 * erfc(-z / 2.0.squareRoot()) }
    /// φ(z), the standard normal density.
    public static func normalPDF(_ z: Double) -> Double { exp(-0.5 * z * z - logSqrt2Pi) }

    /// EI itself.
    public static func value(mean: Double, standardDeviation sigma: Double, best: Double) -> Double {
        guard sigma > 1e-12 else { return max(best - mean, 0) }
        let z = (best - mean) / sigma
        return sigma * (normalPDF(z) + z * normalCDF(z))
    }

    /// `erfcx(x) = exp(x²) erfc(x)` for x ≥ 0: directly while exp(x²) is finite, then its asymptotic series.
    static func scaledErfc(_ x: Double) -> Double {
        if x < 25 { return exp(x * x) * erfc(x) }
        let inverse2 = 1 / (x * x)
        return 1 / (x * Double.pi.squareRoot()) * (1 - 0.5 * inverse2 + 0.75 * inverse2 * inverse2 - 1.875 * inverse2 * inverse2 * inverse2)
    }

    /// log h(z) and d log h / dz = Φ(z) / h(z), stable for all z.
    static func logH(_ z: Double) -> (value: Double, slope: Double) {
        if z > -1 {
            let h = normalPDF(z) + z * normalCDF(z)
            return (log(h), normalCDF(z) / h)
        }
        // h = φ(z) (1 + z m(z)) with Mills' ratio m(z) = Φ(z)/φ(z) = √(π/2) erfcx(−z/√2).
        let logPhi = -0.5 * z * z - logSqrt2Pi
        if z > -1e4 {
            let mills = (Double.pi / 2).squareRoot() * scaledErfc(-z / 2.0.squareRoot())
            let rest = 1 + z * mills
            if rest > 1e-300 { return (logPhi + log(rest), mills / rest) }
        }
        // 1 + z m(z) → 1/z² − 3/z⁴ as z → −∞.
        let inverse2 = 1 / (z * z)
        return (logPhi + log(inverse2 * (1 - 3 * inverse2)), -z)
    }

    /// log EI; −∞ when σ = 0 and μ ≥ best (no improvement is possible).
    public static func logValue(mean: Double, standardDeviation sigma: Double, best: Double) -> Double {
        logValueWithGradient(mean: mean, standardDeviation: sigma, best: best).value
    }

    /// log EI with its partial derivatives in μ and σ:
    /// `∂/∂μ = −Φ(z) / (σ h(z))`, `∂/∂σ = (h(z) − z Φ(z)) / (σ h(z)) = φ(z) / (σ h(z))`.
    public static func logValueWithGradient(mean: Double, standardDeviation sigma: Double, best: Double)
        -> (value: Double, dMean: Double, dStandardDeviation: Double)
    {
        guard sigma > 1e-12 else {
            let improvement = best - mean
            return improvement > 0 ? (log(improvement), -1 / improvement, 0) : (-.infinity, 0, 0)
        }
        let z = (best - mean) / sigma
        let (logh, slope) = logH(z)
        return (log(sigma) + logh, -slope / sigma, (1 - z * slope) / sigma)
    }
}
