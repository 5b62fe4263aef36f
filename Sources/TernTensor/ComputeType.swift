/// The arithmetic a model runs its inference products in.
///
/// - `float32`: every product in Float32 (oneDNN's sgemm).
/// - `int8`: the weight matrices quantised once to int8 per output channel (symmetric), the activations per row
///   at run time, the product s8 × s8 → s32 through oneDNN, scaled back to Float32; everything else (layer norm,
///   softmax, attention over the caches) stays Float32. CTranslate2's `int8_float32`.
public enum ComputeType: String, CaseIterable, Sendable {
    case float32
    case int8
}
