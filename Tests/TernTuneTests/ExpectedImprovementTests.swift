import Foundation
import XCTest
@testable import TernTune

/// EI against its formula, with values of `h(z) = φ(z) + z Φ(z)` from mpmath at 50 digits:
/// `m.mp.dps=50; h=lambda z: m.npdf(z)+z*m.ncdf(z); m.log(h(z))`.
final class ExpectedImprovementTests: XCTestCase {
    func testValueMatchesTheFormula() {
        // z = 0: EI = σ φ(0) = 0.39894228040143268 σ.
        XCTAssertEqual(ExpectedImprovement.value(mean: 0, standardDeviation: 1, best: 0), 0.39894228040143268, accuracy: 1e-15)
        // z = 1: φ(1) + Φ(1) = 1.0833154705876863.
        XCTAssertEqual(ExpectedImprovement.value(mean: 0, standardDeviation: 1, best: 1), 1.0833154705876863, accuracy: 1e-14)
        // σ = 0.5, μ = 0.5, best = 0: z = −1, EI = 0.5 h(−1) = 0.041657735293843149.
        XCTAssertEqual(ExpectedImprovement.value(mean: 0.5, standardDeviation: 0.5, best: 0), 0.041657735293843149, accuracy: 1e-15)
    }

    func testZeroDeviationGivesThePlainImprovement() {
        XCTAssertEqual(ExpectedImprovement.value(mean: 0.2, standardDeviation: 0, best: 1), 0.8, accuracy: 1e-15)
        XCTAssertEqual(ExpectedImprovement.value(mean: 1.2, standardDeviation: 0, best: 1), 0)
        XCTAssertEqual(ExpectedImprovement.logValue(mean: 0.2, standardDeviation: 0, best: 1), log(0.8), accuracy: 1e-15)
        XCTAssertEqual(ExpectedImprovement.logValue(mean: 1.2, standardDeviation: 0, best: 1), -.infinity)
        // Continuity: a tiny σ gives (nearly) the same as none.
        XCTAssertEqual(ExpectedImprovement.value(mean: 0.2, standardDeviation: 1e-9, best: 1), 0.8, accuracy: 1e-12)
        XCTAssertEqual(ExpectedImprovement.logValue(mean: 0.2, standardDeviation: 1e-9, best: 1), log(0.8), accuracy: 1e-9)
    }

    /// log EI = log σ + log h(z), also where EI itself underflows (z = −40 gives EI ≈ e^−808).
    func testLogValueMatchesMpmathFarBelowTheIncumbent() {
        let cases: [(z: Double, logH: Double)] = [(0, -0.91893853320467274), (1, 0.08002621884930694), (-1, -2.4851210257126413),
                                                  (-5, -16.74430116266099), (-20, -206.9178385094251), (-40, -808.29856835661996),
                                                  (-1e5, -5000000023.9447895)]
        for (z, logH) in cases {
            let sigma = 2.0
            let value = ExpectedImprovement.logValue(mean: -z * sigma, standardDeviation: sigma, best: 0)
            XCTAssertEqual(value, log(sigma) + logH, accuracy: 1e-9 * max(1, abs(logH)), "z = \(z)")
        }
        XCTAssertEqual(ExpectedImprovement.value(mean: 80, standardDeviation: 2, best: 0), 0) // underflows
    }

    func testLogGradientMatchesFiniteDifferences() {
        for (mean, sigma) in [(0.3, 0.7), (3.0, 0.2), (-1.0, 1.5), (25.0, 0.5)] {
            let g = ExpectedImprovement.logValueWithGradient(mean: mean, standardDeviation: sigma, best: 0)
            let h = 1e-6
            let dMean = (ExpectedImprovement.logValue(mean: mean + h, standardDeviation: sigma, best: 0)
                - ExpectedImprovement.logValue(mean: mean - h, standardDeviation: sigma, best: 0)) / (2 * h)
            let dSigma = (ExpectedImprovement.logValue(mean: mean, standardDeviation: sigma + h, best: 0)
                - ExpectedImprovement.logValue(mean: mean, standardDeviation: sigma - h, best: 0)) / (2 * h)
            XCTAssertEqual(g.dMean, dMean, accuracy: 1e-5 * max(1, abs(dMean)), "μ \(mean) σ \(sigma)")
            XCTAssertEqual(g.dStandardDeviation, dSigma, accuracy: 1e-5 * max(1, abs(dSigma)), "μ \(mean) σ \(sigma)")
        }
    }
}
