import Foundation

/// The lower-triangular factor `L` of a symmetric positive-definite matrix (`A = L Lᵀ`), row-major in one array,
/// with the two triangular solves a Gaussian process needs. Small matrices only (one row per evaluated trial).
struct Cholesky {
    let size: Int
    /// Row-major `size × size`; the strict upper triangle is zero.
    let lower: [Double]

    /// Factors `matrix` (row-major, `size × size`); nil when it is not positive definite (a pivot ≤ 0).
    init?(_ matrix: [Double], size: Int) {
        var l = [Double](repeating: 0, count: size * size)
        for i in 0..<size {
            for j in 0...i {
                var sum = matrix[i * size + j]
                for k in 0..<j { sum -= l[i * size + k] * l[j * size + k] }
                if i == j {
                    guard sum > 0, sum.isFinite else { return nil }
                    l[i * size + i] = sum.squareRoot()
                } else {
                    l[i * size + j] = sum / l[j * size + j]
                }
            }
        }
        self.size = size
        lower = l
    }

    /// `L⁻¹ b` (forward substitution).
    func solveLower(_ b: [Double]) -> [Double] {
        var x = b
        for i in 0..<size {
            var sum = x[i]
            for k in 0..<i { sum -= lower[i * size + k] * x[k] }
            x[i] = sum / lower[i * size + i]
        }
        return x
    }

    /// `L⁻ᵀ b` (back substitution).
    func solveUpper(_ b: [Double]) -> [Double] {
        var x = b
        for i in stride(from: size - 1, through: 0, by: -1) {
            var sum = x[i]
            for k in (i + 1)..<max(i + 1, size) { sum -= lower[k * size + i] * x[k] }
            x[i] = sum / lower[i * size + i]
        }
        return x
    }

    /// `A⁻¹ b`.
    func solve(_ b: [Double]) -> [Double] { solveUpper(solveLower(b)) }

    /// `log det A = 2 Σ log Lᵢᵢ`.
    var logDeterminant: Double { (0..<size).reduce(0) { $0 + 2 * log(lower[$1 * size + $1]) } }

    /// `A⁻¹`, row-major: column by column from the two solves (n is at most a few hundred trials).
    func inverse() -> [Double] {
        var result = [Double](repeating: 0, count: size * size)
        var unit = [Double](repeating: 0, count: size)
        for column in 0..<size {
            unit[column] = 1
            let x = solve(unit)
            unit[column] = 0
            for row in 0..<size { result[row * size + column] = x[row] }
        }
        return result
    }
}
