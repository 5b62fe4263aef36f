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
    // The same check with no parameters: one finite-difference loop serves inputs and parameters alike.
    assertParameterGradientsMatch([], inputs: inputs, step: step, absoluteTolerance: absoluteTolerance,
                                  relativeTolerance: relativeTolerance, seed: seed, file: file, line: line, function)
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
