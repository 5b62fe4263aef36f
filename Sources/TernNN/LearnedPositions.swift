import TernTensor

/// A learned table of position embeddings [maxLength, dimension] (as in BERT and GPT-2).
public final class LearnedPositions: Module {
    public let weight: Parameter

    public init(maxLength: Int, dimension: Int, initializer: Initializer = .normal(std: 0.02),
                generator: inout SeededGenerator) {
        self.weight = initializer.parameter([maxLength, dimension], generator: &generator)
    }

    public var maxLength: Int { weight.shape[0] }

    override public var ownParameters: [(key: String, parameter: Parameter)] { [("weight", weight)] }

    /// - Returns: [length, dimension], the rows of positions offset..<offset + length.
    public func callAsFunction(length: Int, offset: Int = 0) -> Tensor {
        precondition(offset + length <= maxLength, "position \(offset + length - 1) beyond the \(maxLength) learned positions")
        return weight.value.slice(axis: 0, range: offset..<(offset + length))
    }
}
