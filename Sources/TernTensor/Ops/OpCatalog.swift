/// The names of every differentiable op the engine offers. The test suite keeps a gradient check per name and fails
/// when an op is listed here without one — so a new op must come with its check.
public enum OpCatalog {
    public static let differentiable: [String] = [
        "add", "subtract", "multiply", "divide", "negate", "addScalar", "multiplyScalar",
        "broadcast", "sumTo", "exp", "log", "tanh", "sigmoid", "relu", "leakyRelu", "gelu", "selu",
        "softmax", "logSoftmax", "layerNorm", "matmul", "matmulTransposed", "batchedMatmul", "linear",
        "embedding", "concat", "split", "slice", "stack", "reshape", "permute", "transpose",
        "maskedFill", "sum", "mean", "sumAxis", "meanAxis", "dropout", "crossEntropy", "gruStep", "lstmStep", "additiveScores",
    ]
}
