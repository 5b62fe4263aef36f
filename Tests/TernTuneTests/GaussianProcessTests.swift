import Foundation
import XCTest
@testable import TernTune

/// The posterior against closed forms computed outside the code under test.
final class GaussianProcessTests: XCTestCase {
    /// Two points in 1-D, unit length scale and amplitude: the 2 × 2 inverse written out by hand,
    /// `K⁻¹ = [[c, −k], [−k, c]] / (c² − k²)` with `c = 1 + σₙ²`, and the kernel value from its formula.
    func testTwoPointPosteriorMatchesTheHandWrittenInverse() throws {
        let noise = 0.01
        func matern(_ r: Double) -> Double { (1 + 5.0.squareRoot() * r + 5.0 / 3.0 * r * r) * exp(-5.0.squareRoot() * r) }
        let k01 = matern(1), kStar = matern(0.5) // the test point 0.5 is 0.5 from both
        let c = 1 + noise, det = c * c - k01 * k01
        let y = [1.0, -1.0]
        let alpha = [(c * y[0] - k01 * y[1]) / det, (-k01 * y[0] + c * y[1]) / det]
        let expectedMean = kStar * alpha[0] + kStar * alpha[1]
        let quadratic = (c * kStar * kStar * 2 - 2 * k01 * kStar * kStar) / det
        let expectedVariance = 1 - quadratic

        let process = try XCTUnwrap(GaussianProcess(inputs: [[0], [1]], targets: y,
                                                   kernel: MaternKernel(inverseSquaredLengthScales: [1], amplitude: 1), noise: noise))
        let prediction = process.predict([0.5])
        XCTAssertEqual(prediction.mean, expectedMean, accuracy: 1e-12) // 0 by symmetry
        XCTAssertEqual(prediction.variance, expectedVariance, accuracy: 1e-12)
        // At a training point, the mean is pulled to its target (up to the noise).
        let atFirst = process.predict([0])
        XCTAssertEqual(atFirst.mean, (1 * alpha[0] + k01 * alpha[1]), accuracy: 1e-12)
        XCTAssertEqual(atFirst.variance, 1 - (c * 1 + c * k01 * k01 - 2 * k01 * k01) / det, accuracy: 1e-12)
    }

    /// Three points in 2-D with different length scales, against numpy:
    /// ```
    /// X=np.array([[0.1,0.2],[0.5,0.9],[0.8,0.4]]); y=np.array([0.3,-1.2,0.8]); lam=np.array([4.0,0.25]); a=1.5; noise=0.01
    /// def k(p,q): r=np.sqrt(np.sum(lam*(p-q)**2)); s=np.sqrt(5)*r; return a*(1+s+s*s/3)*np.exp(-s)
    /// K=np.array([[k(p,q) for q in X] for p in X])+noise*np.eye(3); x=np.array([0.4,0.5]); ks=np.array([k(p,x) for p in X])
    /// mu=ks@np.linalg.solve(K,y); var=a-ks@np.linalg.solve(K,ks)
    /// L=np.linalg.cholesky(K); al=np.linalg.solve(K,y); lml=-0.5*y@al-np.sum(np.log(np.diag(L)))-1.5*np.log(2*np.pi)
    /// ```
    func testThreePointARDPosteriorMatchesNumpy() throws {
        let y = [0.3, -1.2, 0.8]
        let process = try XCTUnwrap(GaussianProcess(
            inputs: [[0.1, 0.2], [0.5, 0.9], [0.8, 0.4]], targets: y,
            kernel: MaternKernel(inverseSquaredLengthScales: [4, 0.25], amplitude: 1.5), noise: 0.01))
        let prediction = process.predict([0.4, 0.5])
        XCTAssertEqual(prediction.mean, -0.8424232568438712, accuracy: 1e-12)
        XCTAssertEqual(prediction.variance, 0.09684297077061021, accuracy: 1e-12)
        XCTAssertEqual(process.logMarginalLikelihood(targets: y), -6.358703845720727, accuracy: 1e-10)
    }

    /// The analytic gradients (of the prediction in x, of the hyperparameters' log posterior) against central
    /// differences of the values.
    func testGradientsMatchFiniteDifferences() throws {
        let inputs = [[0.1, 0.2], [0.5, 0.9], [0.8, 0.4], [0.3, 0.6]]
        let y = [0.3, -1.2, 0.8, 0.1]
        let process = try XCTUnwrap(GaussianProcess(inputs: inputs, targets: y,
                                                   kernel: MaternKernel(inverseSquaredLengthScales: [4, 0.25], amplitude: 1.5), noise: 0.01))
        let x = [0.42, 0.57], h = 1e-6
        let (_, meanGradient, varianceGradient) = process.predictWithGradient(x)
        for j in 0..<2 {
            var plus = x, minus = x
            plus[j] += h; minus[j] -= h
            let (p, m) = (process.predict(plus), process.predict(minus))
            XCTAssertEqual(meanGradient[j], (p.mean - m.mean) / (2 * h), accuracy: 1e-6)
            XCTAssertEqual(varianceGradient[j], (p.variance - m.variance) / (2 * h), accuracy: 1e-6)
        }
        let theta = GaussianProcessFit.Parameters(logValues: [0.7, -1.1, 0.2, log(0.05)])
        let (_, gradient) = GaussianProcessFit.negativeLogPosterior(theta, inputs: inputs, targets: y)
        for k in 0..<4 {
            var plus = theta, minus = theta
            plus.logValues[k] += h; minus.logValues[k] -= h
            let difference = (GaussianProcessFit.negativeLogPosterior(plus, inputs: inputs, targets: y).value
                - GaussianProcessFit.negativeLogPosterior(minus, inputs: inputs, targets: y).value) / (2 * h)
            XCTAssertEqual(gradient[k], difference, accuracy: 1e-5 * max(1, abs(difference)), "θ[\(k)]")
        }
    }

    func testStandardisedTargetsHaveMeanZeroAndUnitDeviation() {
        let targets = StandardisedTargets([2, 4, 6])
        XCTAssertEqual(targets.mean, 4)
        XCTAssertEqual(targets.scale, (8.0 / 3).squareRoot(), accuracy: 1e-15)
        XCTAssertEqual(targets.values[0], -2 / (8.0 / 3).squareRoot(), accuracy: 1e-15)
        XCTAssertEqual(StandardisedTargets([5, 5]).values, [0, 0])
    }
}
