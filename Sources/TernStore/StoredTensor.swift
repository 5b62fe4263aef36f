import Foundation

/// A named float32 tensor as the store keeps it: a name from the module tree, a shape, and values in row-major order.
///
/// The store does not depend on the engine's `Tensor`; the engine converts to and from this plain value.
/// Equality is bitwise: two tensors are equal when their names, shapes and the bit patterns of their values match,
/// so NaN payloads and the sign of zero count, and a NaN equals itself. That is the promise a checkpoint keeps.
public struct StoredTensor: Sendable, CustomStringConvertible {
    /// The dotted module-tree name, such as `encoder.layers.0.self_attn.q_proj.weight`.
    public var name: String
    /// The dimensions, outermost first; `[]` is a scalar.
    public var shape: [Int]
    /// The values in row-major order; `values.count` is the product of `shape`.
    public var values: [Float]
    /// The int8 form the tensor is stored in (dtype `i8`), when it is one; `values` then holds what it stands for,
    /// ``Int8Rows/dequantized()``.
    public var int8Rows: Int8Rows?

    /// - Parameters:
    ///   - name: the dotted module-tree name.
    ///   - shape: the dimensions, outermost first.
    ///   - values: row-major values; checked against `shape` when the tensor is saved.
    public init(name: String, shape: [Int], values: [Float]) {
        self.name = name
        self.shape = shape
        self.values = values
    }

    /// The number of elements the shape describes, or nil if a dimension is negative or the product overflows.
    public var elementCount: Int? {
        var count = 1
        for dimension in shape {
            guard dimension >= 0 else { return nil }
            let (product, overflow) = count.multipliedReportingOverflow(by: dimension)
            if overflow { return nil }
            count = product
        }
        return count
    }

    public var description: String { "\(name) \(shape)" }

    /// A matrix stored as int8 rows: the tensor keeps the values they stand for, so every reader sees float32.
    /// - Precondition: `rows` fits `shape` ([rows, columns]).
    public init(name: String, shape: [Int], int8Rows rows: Int8Rows) {
        precondition(shape.count == 2 && rows.scales.count == shape[0] && rows.values.count == shape[0] * shape[1],
                     "int8 rows of \(name) do not fit shape \(shape)")
        self.init(name: name, shape: shape, values: rows.dequantized())
        int8Rows = rows
    }
}

/// A matrix [rows, columns] quantised per row, symmetrically: entry (r, c) stands for `scales[r] · values[r·columns + c]`
/// (a Float32 product of the two, rounded once). The `i8` dtype of an exported model (see ModelFormat.md).
public struct Int8Rows: Sendable, Equatable {
    /// One scale per row.
    public var scales: [Float]
    /// The int8 values, row-major.
    public var values: [Int8]

    public init(scales: [Float], values: [Int8]) {
        self.scales = scales
        self.values = values
    }

    /// The Float32 values the rows stand for, row-major.
    public func dequantized() -> [Float] {
        guard !scales.isEmpty else { return [] }
        let columns = values.count / scales.count
        var out = [Float](repeating: 0, count: values.count)
        for row in 0..<scales.count {
            let scale = scales[row]
            for column in 0..<columns { out[row * columns + column] = Float(values[row * columns + column]) * scale }
        }
        return out
    }
}

extension StoredTensor: Equatable {
    public static func == (lhs: StoredTensor, rhs: StoredTensor) -> Bool {
        guard lhs.name == rhs.name, lhs.shape == rhs.shape, lhs.values.count == rhs.values.count else { return false }
        return lhs.values.withUnsafeBytes { left in
            rhs.values.withUnsafeBytes { right in
                left.count == 0 || memcmp(left.baseAddress!, right.baseAddress!, left.count) == 0
            }
        }
    }
}
