import TernTensor

/// One or more ``Linear`` layers prepared for inference in a ``ComputeType``: their weights stacked along the output
/// (so the query, key and value projections of attention run as one GEMM) and, for `.int8`, quantised per output
/// channel. A copy of the weights: ``isCurrent`` turns false once any source parameter changes.
///
/// - Parameters:
///   - layers: layers with the same input size; outputs come out side by side in this order.
///   - compute: the arithmetic of the product.
public struct InferenceLinear {
    public let compute: ComputeType
    public let inputSize: Int
    public let outputSize: Int
    let weight: Tensor?
    let quantized: QuantizedMatrix?
    let bias: Tensor?
    let sources: [(parameter: Parameter, version: Int)]

    public init(_ layers: [Linear], compute: ComputeType) {
        precondition(!layers.isEmpty && layers.allSatisfy { $0.inputSize == layers[0].inputSize },
                     "fused layers must share one input size")
        self.compute = compute
        inputSize = layers[0].inputSize
        outputSize = layers.reduce(0) { $0 + $1.outputSize }
        let stacked = layers.count == 1 ? layers[0].weight.value.detached()
            : concat(layers.map { $0.weight.value.detached() }, axis: 0)                      // [Σ out, in]
        let anyBias = layers.contains { $0.bias != nil }
        bias = anyBias ? concat(layers.map { $0.bias?.value.detached() ?? Tensor.zeros([$0.outputSize]) }, axis: 0) : nil
        switch compute {
        case .float32:
            weight = stacked
            quantized = nil
        case .int8:
            weight = nil
            quantized = QuantizedMatrix(quantizing: stacked)
        }
        sources = layers.flatMap { layer in ([layer.weight] + (layer.bias.map { [$0] } ?? [])).map { ($0, $0.version) } }
    }

    public init(_ layer: Linear, compute: ComputeType) { self.init([layer], compute: compute) }

    /// Whether every source parameter still has the values this copy was made from.
    public var isCurrent: Bool { sources.allSatisfy { $0.parameter.version == $0.version } }

    /// - Parameter x: [..., inputSize]. - Returns: [..., outputSize], no graph recorded.
    public func callAsFunction(_ x: Tensor) -> Tensor {
        withoutGrad {
            if let quantized { return quantizedLinear(x.detached(), weight: quantized, bias: bias) }
            return linear(x.detached(), weight: weight!, bias: bias)
        }
    }
}
