import TernModels
import TernStore
import TernTensor

/// The int8 form of a model's weights, shared by `--compute int8` and `tern export --compute int8` so that the two
/// translate alike: every weight matrix (every rank-2 parameter — embeddings, projections, recurrent matrices) is
/// rounded to 127 levels per row (symmetric, one scale per row, ``QuantizedMatrix``), and stands for the Float32
/// products `scale · q`. Vectors (biases, layer-norm gains) stay Float32. The decoder's products then run in int8
/// arithmetic on top (``Seq2SeqModel/prepareForInference(compute:)``), requantising these values to the machine's levels.
public enum Int8Weights {
    /// The stored grid: ±127, whatever the machine's int8 products use.
    public static let levels = 127

    /// Whether `tensor` is stored as int8: a matrix with at least one value.
    public static func isQuantized(_ tensor: StoredTensor) -> Bool {
        tensor.shape.count == 2 && tensor.values.count > 0
    }

    /// `tensor` rounded to int8 rows (with ``StoredTensor/int8Rows`` set), or unchanged if it is not a matrix.
    public static func quantized(_ tensor: StoredTensor) -> StoredTensor {
        guard isQuantized(tensor) else { return tensor }
        let matrix = QuantizedMatrix(quantizing: tensor.tensor, levels: levels)
        return StoredTensor(name: tensor.name, shape: tensor.shape,
                            int8Rows: Int8Rows(scales: matrix.scales, values: matrix.values))
    }

    /// Replaces the model's weight matrices by the values their int8 rows stand for.
    public static func round(_ model: any Seq2SeqModel, path: String) throws {
        try model.loadParameters(model.storedParameters().map(quantized), from: path)
    }
}
