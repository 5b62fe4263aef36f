/// Embedding lookup: row `ids[i]` of `table` for each id, giving shape `idsShape + [dim]`.
/// Backward: scatter-add of the gradient rows into a zero table, so a token seen twice gets both contributions
/// (and a table tied to the output projection adds to that projection's gradient).
public func embedding(_ table: Tensor, ids: [Int32], shape idsShape: [Int]) -> Tensor {
    precondition(table.rank == 2, "embedding table must be [vocab, dim], got \(table.shape)")
    precondition(idsShape.reduce(1, *) == ids.count, "ids shape \(idsShape) does not hold \(ids.count) ids")
    let (vocabulary, dim) = (table.shape[0], table.shape[1])
    let out = Tensor.uninitialized(idsShape + [dim])
    let source = table.storage.base, destination = out.storage.base
    for (i, id) in ids.enumerated() {
        precondition(id >= 0 && Int(id) < vocabulary, "token id \(id) outside the vocabulary of \(vocabulary)")
        (destination + i * dim).update(from: source + Int(id) * dim, count: dim)
    }
    return out.recorded(table) { g in
        let dTable = Tensor.zeros([vocabulary, dim])
        let pg = g.storage.base, pd = dTable.storage.base
        for (i, id) in ids.enumerated() {
            let row = pd + Int(id) * dim, gradRow = pg + i * dim
            for j in 0..<dim { row[j] += gradRow[j] }
        }
        return [dTable]
    }
}
