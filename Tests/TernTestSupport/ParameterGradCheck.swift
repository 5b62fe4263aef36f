import TernTensor
import XCTest

/// Like ``assertGradientsMatch(_:step:absoluteTolerance:relativeTolerance:seed:file:line:_:)`` for a layer or model:
/// checks the gradients that `backward()` accumulates into `parameters` (and into the leaves made from `inputs`)
/// against central finite differences, moving each parameter value in place with `Parameter.update`.
///
/// The output is reduced to a scalar with a fixed random projection, L = Σ f ⊙ R, evaluated in Double.
/// - Returns: the largest violation ratio seen (≤ 1 means pass).
@discardableResult
public func assertParameterGradientsMatch(
    _ parameters: [(String, Parameter)], inputs: [Tensor] = [], step: Float = 1e-2,
    absoluteTolerance: Double = 2e-3, relativeTolerance: Double = 2e-2, seed: UInt64 = 7,
    file: StaticString = #filePath, line: UInt = #line, _ function: ([Tensor]) -> Tensor
) -> Double {
    for (_, parameter) in parameters { parameter.zeroGrad() }
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
    func compare(_ name: String, _ position: Int, analytic: Double, high: Double, low: Double, width: Double) -> Bool {
        let numeric = (high - low) / width
        let allowed = absoluteTolerance + relativeTolerance * max(abs(numeric), abs(analytic))
        let ratio = abs(numeric - analytic) / allowed
        worst = max(worst, ratio)
        if ratio > 1 {
            XCTFail("\(name) position \(position): analytic \(analytic), numeric \(numeric)", file: file, line: line)
            return false
        }
        return true
    }

    for (name, parameter) in parameters {
        guard let analytic = parameter.grad?.scalars else {
            XCTFail("parameter \(name) received no gradient", file: file, line: line)
            continue
        }
        let base = parameter.value.scalars
        for position in 0..<base.count {
            parameter.update { values, _ in values[position] = base[position] + step }
            let high = objective(inputs)
            parameter.update { values, _ in values[position] = base[position] - step }
            let low = objective(inputs)
            parameter.update { values, _ in values[position] = base[position] }
            let width = Double(base[position] + step) - Double(base[position] - step)
            if !compare(name, position, analytic: Double(analytic[position]), high: high, low: low, width: width) { return worst }
        }
    }
    for (index, input) in inputs.enumerated() {
        guard let gradient = leaves[index].grad else {
            XCTFail("input \(index) received no gradient", file: file, line: line)
            continue
        }
        XCTAssertEqual(gradient.shape, input.shape, "gradient shape of input \(index)", file: file, line: line)
        let analytic = gradient.scalars
        let base = input.scalars
        for position in 0..<base.count {
            var plus = base, minus = base
            plus[position] += step
            minus[position] -= step
            var shifted = inputs
            shifted[index] = Tensor(shape: input.shape, values: plus)
            let high = objective(shifted)
            shifted[index] = Tensor(shape: input.shape, values: minus)
            let low = objective(shifted)
            let width = Double(plus[position]) - Double(minus[position])
            if !compare("input \(index)", position, analytic: Double(analytic[position]), high: high, low: low, width: width) { return worst }
        }
    }
    for (_, parameter) in parameters { parameter.zeroGrad() }
    return worst
}
