import TernTensor
import XCTest

/// Compares the gradients `backward()` computes for `function` at `inputs` with central finite differences.
///
/// The output is reduced to a scalar with a fixed random projection R (so every output position matters and none
/// cancel): L = Σ f(x) ⊙ R, evaluated in Double from the Float32 outputs. Each input value is moved by ±`step`;
/// the check passes when |analytic − numeric| ≤ `absoluteTolerance` + `relativeTolerance` · max(|analytic|, |numeric|).
/// - Returns: the largest violation ratio seen (≤ 1 means pass), for reporting.
@discardableResult
public func assertGradientsMatch(
    _ inputs: [Tensor], step: Float = 1e-2, absoluteTolerance: Double = 2e-3, relativeTolerance: Double = 2e-2,
    seed: UInt64 = 7, file: StaticString = #filePath, line: UInt = #line, _ function: ([Tensor]) -> Tensor
) -> Double {
    let leaves = inputs.map { $0.requiringGrad() }
    let output = function(leaves)
    var generator = SeededGenerator(seed: seed)
    let projection = Tensor.uniform(output.shape, low: -1, high: 1, generator: &generator)
    output.backward(seed: projection)
    let weights = projection.scalars.map(Double.init)

    func objective(_ values: [Tensor]) -> Double {
        let out = withoutGrad { function(values) }
        XCTAssertEqual(out.shape, output.shape, "the function's output shape changed", file: file, line: line)
        return zip(out.scalars, weights).reduce(0) { $0 + Double($1.0) * $1.1 }
    }

    var worst = 0.0
    for (index, input) in inputs.enumerated() {
        guard let analytic = leaves[index].grad else {
            XCTFail("input \(index) received no gradient", file: file, line: line)
            continue
        }
        XCTAssertEqual(analytic.shape, input.shape, "gradient shape of input \(index)", file: file, line: line)
        let base = input.scalars
        let analyticValues = analytic.scalars
        for position in 0..<base.count {
            var plus = base, minus = base
            plus[position] += step
            minus[position] -= step
            var shifted = inputs
            shifted[index] = Tensor(shape: input.shape, values: plus)
            let high = objective(shifted)
            shifted[index] = Tensor(shape: input.shape, values: minus)
            let low = objective(shifted)
            let numeric = (high - low) / (Double(plus[position]) - Double(minus[position]))
            let exact = Double(analyticValues[position])
            let allowed = absoluteTolerance + relativeTolerance * max(abs(numeric), abs(exact))
            let ratio = abs(numeric - exact) / allowed
            worst = max(worst, ratio)
            if ratio > 1 {
                XCTFail("input \(index) position \(position): analytic \(exact), numeric \(numeric)", file: file, line: line)
                return worst
            }
        }
    }
    return worst
}

/// Element-wise closeness with a combined tolerance.
public func assertClose(_ actual: [Float], _ expected: [Float], absoluteTolerance: Float = 1e-5, relativeTolerance: Float = 1e-5,
                        _ message: String = "", file: StaticString = #filePath, line: UInt = #line) {
    XCTAssertEqual(actual.count, expected.count, "count differs \(message)", file: file, line: line)
    for (i, (a, e)) in zip(actual, expected).enumerated() {
        let allowed = absoluteTolerance + relativeTolerance * abs(e)
        if !(abs(a - e) <= allowed) {
            XCTFail("position \(i): \(a) vs expected \(e) \(message)", file: file, line: line)
            return
        }
    }
}

/// Random values whose magnitude stays at least `margin` away from zero, so that ReLU-like kinks are not crossed
/// by the finite-difference step.
public func randomAwayFromZero(_ shape: [Int], margin: Float = 0.05, generator: inout SeededGenerator) -> Tensor {
    Tensor(shape: shape) { values in
        for i in values.indices {
            let magnitude = margin + (1 - margin) * generator.nextUniform()
            values[i] = generator.nextUniform() < 0.5 ? -magnitude : magnitude
        }
    }
}
