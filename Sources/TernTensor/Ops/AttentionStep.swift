import CTernKernels

/// Keys and values that single-query attention reads in place: a [rows, width] tensor (or two) whose row holds a
/// position's keys from column `keyColumn` and values from `valueColumn`, heads side by side (head h at
/// h·headDim). One fused projection [q | k | v] is read without splitting it.
public struct KeyValueBlock {
    public var keys: Tensor
    public var values: Tensor
    public var keyColumn: Int
    public var valueColumn: Int

    public init(keys: Tensor, values: Tensor, keyColumn: Int = 0, valueColumn: Int = 0) {
        precondition(keys.rank == 2 && values.rank == 2 && keys.shape == values.shape,
                     "key/value block must be two [rows, width] tensors, got \(keys.shape) and \(values.shape)")
        self.keys = keys
        self.values = values
        self.keyColumn = keyColumn
        self.valueColumn = valueColumn
    }

    public var rows: Int { keys.shape[0] }
    public var width: Int { keys.shape[1] }
}

/// Where each query row finds its keys and values.
public enum AttentionStepSource {
    /// Self-attention of an incremental decoder: one block per earlier step; row r reads position t from row
    /// `rowMap[r·mapStride + t]` of block t (beam search reorders hypotheses by rewriting this map, not the blocks).
    case steps(blocks: [KeyValueBlock], rowMap: [Int32], mapStride: Int)
    /// Cross-attention: one block [sentences·sourceLength, width] of encoder memory; row r reads sentence
    /// `rowSources[r]`'s first `lengths[r]` positions (the hypotheses of one sentence share its memory).
    case memory(block: KeyValueBlock, sourceLength: Int, rowSources: [Int32], lengths: [Int32])
}

/// One incremental step of multi-head attention: for each row's single query (columns `queryColumn ..<
/// queryColumn + heads·headDim` of `query` [rows, ·]), softmax(q·kᵀ/√headDim) over its positions, then the weighted
/// sum of values — the same function as ``matmul``-softmax-``matmul`` on [rows, heads, 1, ·] tensors, without
/// gathering the keys into one tensor first. Inference only: it records no graph.
///
/// - Returns: context [rows, heads·headDim] and the weights [rows, heads, positions] (zero past a row's length).
public func attentionStep(query: Tensor, queryColumn: Int = 0, heads: Int, headDim: Int,
                          source: AttentionStepSource) -> (context: Tensor, weights: Tensor) {
    precondition(query.rank == 2 && queryColumn + heads * headDim <= query.shape[1],
                 "attention step query \(query.shape) has no \(heads)×\(headDim) columns at \(queryColumn)")
    let rows = query.shape[0], queryStride = query.shape[1]
    var keyPointers: [UnsafePointer<Float>?] = [], valuePointers: [UnsafePointer<Float>?] = []
    var stride = 0, positions = 0
    var rowMap: [Int32] = [], mapStride = 0, rowBase: [Int32] = [], lengths: [Int32] = []
    var keep: [Tensor] = []  // holds the storages the raw pointers point into
    switch source {
    case .steps(let blocks, let map, let mStride):
        positions = blocks.count
        stride = blocks.first?.width ?? 0
        precondition(blocks.allSatisfy { $0.width == stride && $0.keyColumn + heads * headDim <= stride && $0.valueColumn + heads * headDim <= stride },
                     "attention step blocks must share one width with room for \(heads)×\(headDim) columns")
        precondition(map.count >= rows * mStride && mStride >= positions, "row map of \(map.count) for \(rows) rows × \(positions) steps")
        for block in blocks {
            keyPointers.append(UnsafePointer(block.keys.storage.base + block.keyColumn))
            valuePointers.append(UnsafePointer(block.values.storage.base + block.valueColumn))
            keep.append(block.keys)
            keep.append(block.values)
        }
        rowMap = map
        mapStride = mStride
    case .memory(let block, let sourceLength, let sources, let rowLengths):
        positions = sourceLength
        stride = block.width
        precondition(block.rows % max(sourceLength, 1) == 0 && sources.count == rows && rowLengths.count == rows,
                     "memory block of \(block.rows) rows for source length \(sourceLength), \(rows) query rows")
        let keyBase = block.keys.storage.base + block.keyColumn, valueBase = block.values.storage.base + block.valueColumn
        for t in 0..<sourceLength {
            keyPointers.append(UnsafePointer(keyBase + t * stride))
            valuePointers.append(UnsafePointer(valueBase + t * stride))
        }
        keep = [block.keys, block.values]
        rowBase = sources.map { $0 * Int32(sourceLength) }
        lengths = rowLengths
    }
    let context = Tensor.uninitialized([rows, heads * headDim])
    let weights = Tensor.uninitialized([rows, heads, positions])
    let scale = 1 / Float(headDim).squareRoot()
    let pq = UnsafePointer(query.storage.base + queryColumn), pc = context.storage.base, pw = weights.storage.base
    withExtendedLifetime(keep) {
        keyPointers.withUnsafeBufferPointer { keys in
            valuePointers.withUnsafeBufferPointer { values in
                rowMap.withUnsafeBufferPointer { map in
                    rowBase.withUnsafeBufferPointer { base in
                        lengths.withUnsafeBufferPointer { lengths in
                            Kernels.parallelRows(rows, rowCost: 2 * heads * headDim * max(positions, 1)) { range in
                                // probabilities, then 8-byte-aligned key and value row pointers
                                let scratch = UnsafeMutableRawPointer.allocate(byteCount: 4 * (1 + 5 * max(positions, 1)), alignment: 64)
                                    .bindMemory(to: Float.self, capacity: 1 + 5 * max(positions, 1))
                                defer { scratch.deallocate() }
                                tern_attention_step(pq, queryStride, keys.baseAddress, values.baseAddress, stride,
                                                    map.isEmpty ? nil : map.baseAddress, mapStride,
                                                    base.isEmpty ? nil : base.baseAddress,
                                                    lengths.isEmpty ? nil : lengths.baseAddress, positions,
                                                    pc, heads * headDim, pw, range.lowerBound, range.upperBound,
                                                    heads, headDim, scale, scratch)
                            }
                        }
                    }
                }
            }
        }
    }
    return (context, weights)
}
