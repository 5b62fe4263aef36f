import Foundation

/// The Matérn 5/2 kernel with one length scale per input dimension (ARD), the kernel of Snoek et al. (2012):
///
///     k(x, x') = a (1 + √5 r + 5/3 r²) exp(−√5 r),   r² = Σⱼ λⱼ (xⱼ − x'ⱼ)²
///
/// written with inverse squared length scales `λⱼ = 1/ℓⱼ²` (as Optuna's GPSampler does), so that no derivative
/// divides by `r`. It is twice differentiable: smooth enough for a tuner's objective, rougher than the squared
/// exponential that Snoek et al. find too smooth for real training curves.
public struct MaternKernel: Equatable, Sendable {
    /// `λⱼ = 1/ℓⱼ²`, one per input dimension.
    public var inverseSquaredLengthScales: [Double]
    /// `a`, the prior variance of the function (of the standardised objective).
    public var amplitude: Double

    public init(inverseSquaredLengthScales: [Double], amplitude: Double) {
        self.inverseSquaredLengthScales = inverseSquaredLengthScales
        self.amplitude = amplitude
    }

    static let sqrt5 = 5.0.squareRoot()

    /// `r²` between two points.
    @inline(__always)
    func squaredDistance(_ x: [Double], _ y: [Double]) -> Double {
        var sum = 0.0
        for j in 0..<x.count {
            let delta = x[j] - y[j]
            sum += inverseSquaredLengthScales[j] * delta * delta
        }
        return sum
    }

    /// `k` as a function of `r²`.
    @inline(__always)
    func value(squaredDistance r2: Double) -> Double {
        let r = r2.squareRoot()
        return amplitude * (1 + MaternKernel.sqrt5 * r + 5.0 / 3.0 * r2) * exp(-MaternKernel.sqrt5 * r)
    }

    /// `∂k/∂(r²) = −(5/6) a (1 + √5 r) exp(−√5 r)`, finite at `r = 0`.
    @inline(__always)
    func derivative(squaredDistance r2: Double) -> Double {
        let r = r2.squareRoot()
        return -5.0 / 6.0 * amplitude * (1 + MaternKernel.sqrt5 * r) * exp(-MaternKernel.sqrt5 * r)
    }

    public func callAsFunction(_ x: [Double], _ y: [Double]) -> Double { value(squaredDistance: squaredDistance(x, y)) }
}
