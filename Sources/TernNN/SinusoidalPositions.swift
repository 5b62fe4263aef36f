import Foundation
import TernTensor

/// Fixed positional encodings (Vaswani et al. 2017, §3.5): for position p and feature pair i,
/// PE[p, 2i] = sin(p / 10000^(2i/d)), PE[p, 2i + 1] = cos(p / 10000^(2i/d)). No parameters.
///
/// Computed in Double and rounded once, so the table equals PyTorch's float64 reference to Float32 rounding.
public final class SinusoidalPositions: Module {
    public let dimension: Int

    public init(dimension: Int) {
        precondition(dimension % 2 == 0, "sinusoidal positions need an even dimension, got \(dimension)")
        self.dimension = dimension
    }

    /// - Returns: [length, dimension], the encodings of positions offset..<offset + length.
    public func callAsFunction(length: Int, offset: Int = 0) -> Tensor {
        Tensor(shape: [length, dimension]) { values in
            for row in 0..<length {
                let position = Double(offset + row)
                for pair in 0..<(dimension / 2) {
                    // 10000^(−2i/d) written as exp(2i · (−ln 10000 / d)), the same expression the reference uses.
                    let frequency = Foundation.exp(Double(2 * pair) * (-Foundation.log(10000.0) / Double(dimension)))
                    values[row * dimension + 2 * pair] = Float(Foundation.sin(position * frequency))
                    values[row * dimension + 2 * pair + 1] = Float(Foundation.cos(position * frequency))
                }
            }
        }
    }
}
