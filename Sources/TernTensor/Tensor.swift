import Foundation

/// A Float32 tensor: contiguous row-major values with a shape, and — when it takes part in a recorded computation —
/// the graph node that carries its gradient back.
///
/// `Tensor` is a value: ops return new tensors and never change their inputs. Several tensors may share one
/// ``TensorStorage`` (a reshape does not copy); a write through ``withUnsafeMutableBufferPointer(_:)`` copies first
/// when the storage is shared.
public struct Tensor {
    public let shape: [Int]
    @usableFromInline var storage: TensorStorage
    /// The node of the recorded graph that produced this tensor, or `nil` for a constant.
    public internal(set) var node: GradNode?

    @usableFromInline init(shape: [Int], storage: TensorStorage, node: GradNode? = nil) {
        precondition(storage.count == shape.reduce(1, *), "storage holds \(storage.count) values, shape \(shape) needs \(shape.reduce(1, *))")
        self.shape = shape
        self.storage = storage
        self.node = node
    }

    /// A tensor whose values the caller must write in full before anyone reads them (kernels' outputs).
    @usableFromInline static func uninitialized(_ shape: [Int]) -> Tensor {
        precondition(shape.allSatisfy { $0 >= 0 }, "negative dimension in shape \(shape)")
        return Tensor(shape: shape, storage: TensorStorage(uninitializedCount: shape.reduce(1, *)))
    }

    public init(shape: [Int], values: [Float]) {
        let count = shape.reduce(1, *)
        precondition(values.count == count, "shape \(shape) needs \(count) values, got \(values.count)")
        self = .uninitialized(shape)
        values.withUnsafeBufferPointer { source in
            storage.base.update(from: source.baseAddress!, count: count)
        }
    }

    /// A tensor filled by `body`, which receives the whole uninitialised buffer.
    public init(shape: [Int], initializingWith body: (UnsafeMutableBufferPointer<Float>) throws -> Void) rethrows {
        self = .uninitialized(shape)
        try body(UnsafeMutableBufferPointer(start: storage.base, count: storage.count))
    }

    public init(repeating value: Float, shape: [Int]) {
        self = .uninitialized(shape)
        storage.base.update(repeating: value, count: storage.count)
    }

    public init(scalar: Float) { self.init(shape: [], values: [scalar]) }

    public static func zeros(_ shape: [Int]) -> Tensor { Tensor(repeating: 0, shape: shape) }
    public static func ones(_ shape: [Int]) -> Tensor { Tensor(repeating: 1, shape: shape) }

    public var count: Int { storage.count }
    public var rank: Int { shape.count }
    public var scalars: [Float] { Array(UnsafeBufferPointer(start: storage.base, count: storage.count)) }
    /// The value of a one-element tensor.
    public var item: Float {
        precondition(count == 1, "item needs a one-element tensor, shape is \(shape)")
        return storage.base[0]
    }

    public func withUnsafeBufferPointer<R>(_ body: (UnsafeBufferPointer<Float>) throws -> R) rethrows -> R {
        try body(UnsafeBufferPointer(start: storage.base, count: storage.count))
    }

    /// Writes in place, after copying the values if another tensor shares them. Used by optimizers and kernels;
    /// it does not record anything in the graph.
    public mutating func withUnsafeMutableBufferPointer<R>(_ body: (UnsafeMutableBufferPointer<Float>) throws -> R) rethrows -> R {
        if !isKnownUniquelyReferenced(&storage) {
            let copy = TensorStorage(uninitializedCount: storage.count)
            copy.base.update(from: storage.base, count: storage.count)
            storage = copy
        }
        return try body(UnsafeMutableBufferPointer(start: storage.base, count: storage.count))
    }

    /// True when the two tensors read the same memory (for tests of sharing and tying).
    public func sharesStorage(with other: Tensor) -> Bool { storage === other.storage }

    /// The same values, cut off from the graph.
    public func detached() -> Tensor { Tensor(shape: shape, storage: storage) }
}

extension Tensor: CustomStringConvertible {
    public var description: String {
        let shown = scalars.prefix(8).map { String(format: "%.4g", $0) }.joined(separator: ", ")
        return "Tensor(\(shape): [\(shown)\(count > 8 ? ", …" : "")])"
    }
}

extension Int {
    /// Size of a shape's dimensions from `start` on (the row length of a tensor viewed as rows).
    @inlinable static func product(_ dims: ArraySlice<Int>) -> Int { dims.reduce(1, *) }
}
