import TernTensor

/// A lookup table [vocabulary, dimension]: a gather forward, a scatter-add backward.
///
/// - Parameters:
///   - vocabularySize: number of rows (token ids 0..<vocabularySize).
///   - dimension: the width of each row.
///   - scale: a factor applied to every looked-up row; the Transformer uses √dimension (Vaswani et al. 2017, §3.4)
///     so that embeddings initialised with std 1/√d are on the scale of the sinusoidal positions.
public final class Embedding: Module {
    public let weight: Parameter
    public let scale: Float

    public init(_ vocabularySize: Int, _ dimension: Int, scale: Float = 1,
                initializer: Initializer? = nil, generator: inout SeededGenerator) {
        let initializer = initializer ?? .normal(std: 1 / Float(dimension).squareRoot())
        self.weight = initializer.parameter([vocabularySize, dimension], generator: &generator)
        self.scale = scale
    }

    /// A table over an existing weight (tying source and target embeddings).
    public init(weight: Parameter, scale: Float = 1) {
        precondition(weight.shape.count == 2, "Embedding weight must be [vocabulary, dimension], got \(weight.shape)")
        self.weight = weight
        self.scale = scale
    }

    public var vocabularySize: Int { weight.shape[0] }
    public var dimension: Int { weight.shape[1] }

    override public var ownParameters: [(key: String, parameter: Parameter)] { [("weight", weight)] }

    /// - Parameters:
    ///   - ids: token ids, row-major.
    ///   - shape: the shape of `ids`, e.g. [batch, time].
    /// - Returns: `shape + [dimension]`.
    public func callAsFunction(_ ids: [Int32], shape: [Int]) -> Tensor {
        let rows = embedding(weight.value, ids: ids, shape: shape)
        let output = scale == 1 ? rows : rows * scale
        probe?.record(output, .output, of: self)
        return output
    }
}
