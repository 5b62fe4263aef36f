import TernTensor

extension Tensor {
    /// The rows of the first axis at `rows`, in that order, repeats allowed (reordering or expanding a batch for
    /// beam search). A gather through the embedding op, so the backward scatter-adds into the chosen rows.
    public func selectingRows(_ rows: [Int]) -> Tensor {
        precondition(rank >= 1, "selectingRows needs a tensor with a first axis")
        let table = reshaped([shape[0], count / Swift.max(shape[0], 1)])                       // [rows, rest]
        let picked = embedding(table, ids: rows.map { Int32($0) }, shape: [rows.count])        // [picked, rest]
        return picked.reshaped([rows.count] + shape.dropFirst())
    }
}
