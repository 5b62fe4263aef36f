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
