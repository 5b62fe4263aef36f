import TernDecode
import TernNN
import TernModels
import TernTensor

/// One sentence's attention maps of one kind, ready to draw: per layer and head a matrix, and the tokens along its
/// rows and columns.
struct SentenceAttention {
    /// The tokens of the rows, top to bottom.
    var rowLabels: [String]
    /// The tokens of the columns, left to right.
    var columnLabels: [String]
    /// layer × head × row × column, layers and heads numbered from 0.
    var layers: [[[[Float]]]]

    /// The cross-attention the search collected for `hypothesis`, one row per emitted token.
    ///
    /// Each collected row is the decoder step's attention flattened as layers × heads × source positions, where the
    /// source positions are those of the padded batch the sentence was searched in; columns past the sentence's own
    /// `columnLabels.count` are padding (weight 0) and are dropped.
    static func searched(_ hypothesis: Hypothesis, layers: Int, heads: Int,
                         rowLabels: [String], columnLabels: [String]) -> SentenceAttention {
        let sourceLength = columnLabels.count
        precondition(hypothesis.attention.count == rowLabels.count,
                     "\(hypothesis.attention.count) attention rows for \(rowLabels.count) output tokens")
        let matrices = (0..<layers).map { layer in
            (0..<heads).map { head in
                hypothesis.attention.map { row -> [Float] in
                    let paddedLength = row.count / (layers * heads)
                    precondition(paddedLength * layers * heads == row.count && paddedLength >= sourceLength,
                                 "an attention row of \(row.count) values for \(layers) layers × \(heads) heads × \(sourceLength) source tokens")
                    let start = (layer * heads + head) * paddedLength
                    return Array(row[start..<(start + sourceLength)])
                }
            }
        }
        return SentenceAttention(rowLabels: rowLabels, columnLabels: columnLabels, layers: matrices)
    }

    /// The maps of a teacher-forced pass over `source` (ending in `</s>`) and `targetInput` (`<s> y1 … yn`), whose
    /// row t is the step that produced y(t+1): what beam or greedy search saw, computed in one pass.
    static func teacherForced(model: any Seq2SeqModel, kind: AttentionSelection.Kind, source: [Int32],
                              targetInput: [Int32], rowLabels: [String], columnLabels: [String]) -> SentenceAttention {
        let maps = withoutGrad {
            model.inEvaluationMode {  // dropout off, as in the search
                model.forward(source: TokenBatch(rows: [source]), targetInput: TokenBatch(rows: [targetInput])).attention
            }
        }
        let tensors: [Tensor]
        switch kind {
        case .cross: tensors = maps.cross
        case .encoder: tensors = maps.encoderSelf
        case .decoder: tensors = maps.decoderSelf
        }
        let matrices = tensors.map { headMatrices($0, rows: rowLabels.count, columns: columnLabels.count) }
        return SentenceAttention(rowLabels: rowLabels, columnLabels: columnLabels, layers: matrices)
    }

    /// The heads of a [1, heads, R, C] tensor as `rows` × `columns` matrices (its top-left corner).
    static func headMatrices(_ tensor: Tensor, rows: Int, columns: Int) -> [[[Float]]] {
        precondition(tensor.rank == 4 && tensor.shape[0] == 1 && tensor.shape[2] >= rows && tensor.shape[3] >= columns,
                     "attention of shape \(tensor.shape) for a \(rows) × \(columns) matrix")
        let (heads, height, width) = (tensor.shape[1], tensor.shape[2], tensor.shape[3])
        let values = tensor.scalars
        return (0..<heads).map { head in
            (0..<rows).map { row in
                let start = (head * height + row) * width
                return Array(values[start..<(start + columns)])
            }
        }
    }

    /// The element-wise mean of one layer's heads, summed in Double.
    static func mean(_ heads: [[[Float]]]) -> [[Float]] {
        heads[0].indices.map { row in
            heads[0][row].indices.map { column in
                Float(heads.reduce(0.0) { $0 + Double($1[row][column]) } / Double(heads.count))
            }
        }
    }
}
