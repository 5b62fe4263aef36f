import TernTensor

/// The self-attention keys and values of an incremental decoder: one block per step, written once by that step's
/// projection and never copied, and a row map saying which row of each block holds a row's ancestor.
///
/// Beam search reorders or duplicates hypotheses at every step; here that rewrites the [rows, steps] row map (a few
/// kilobytes of indices) instead of gathering every cached key and value (megabytes per layer), which is what the
/// [batch, heads, time, headDim] ``KeyValueCache`` of a full pass would need. A value type: appending and selecting
/// rows return new caches that share the blocks, and no block is ever written after it is added.
public struct StepKeyValueCache {
    public private(set) var blocks: [KeyValueBlock] = []
    /// rowMap[r·mapStride + t]: the row of block t read by row r.
    public private(set) var rowMap: [Int32] = []
    public private(set) var mapStride = 0
    public private(set) var rows: Int

    public init(rows: Int) { self.rows = rows }

    /// Positions cached so far.
    public var length: Int { blocks.count }

    /// Adds the step's keys and values; `block` has one row per current row, row r being row r's own.
    public mutating func append(_ block: KeyValueBlock) {
        precondition(block.rows == rows, "a step block of \(block.rows) rows for a cache of \(rows) rows")
        let position = blocks.count
        if position >= mapStride {
            // Room for twice as many steps, so growth costs O(1) per step on average.
            let newStride = max(16, 2 * mapStride)
            var grown = [Int32](repeating: 0, count: rows * newStride)
            for r in 0..<rows {
                for t in 0..<position { grown[r * newStride + t] = rowMap[r * mapStride + t] }
            }
            rowMap = grown
            mapStride = newStride
        }
        rowMap.withUnsafeMutableBufferPointer { map in
            for r in 0..<rows { map[r * mapStride + position] = Int32(r) }
        }
        blocks.append(block)
    }

    /// The cache of rows `rows` (repeats allowed), in that order.
    public func selectingRows(_ selected: [Int]) -> StepKeyValueCache {
        var result = StepKeyValueCache(rows: selected.count)
        result.blocks = blocks
        result.mapStride = mapStride
        let length = blocks.count
        var map = [Int32](repeating: 0, count: selected.count * mapStride)
        rowMap.withUnsafeBufferPointer { old in
            map.withUnsafeMutableBufferPointer { new in
                for (i, r) in selected.enumerated() {
                    precondition(r >= 0 && r < rows, "row \(r) of a cache of \(rows) rows")
                    for t in 0..<length { new[i * mapStride + t] = old[r * mapStride + t] }
                }
            }
        }
        result.rowMap = map
        return result
    }

    public var source: AttentionStepSource { .steps(blocks: blocks, rowMap: rowMap, mapStride: mapStride) }
}

/// The cross-attention keys and values of the encoder output, projected once per source batch, and for each
/// decoder row the sentence it belongs to: the hypotheses of a sentence read one copy, so expanding a batch to
/// beam × batch rows or reordering hypotheses copies nothing.
public struct MemoryKeyValues {
    /// [sentences · sourceLength, width]
    public var block: KeyValueBlock
    public var sourceLength: Int
    /// Per sentence, its real (unpadded) length.
    public var sentenceLengths: [Int32]
    /// Per decoder row, its sentence.
    public var rowSources: [Int32]

    public init(block: KeyValueBlock, sourceLength: Int, sentenceLengths: [Int]) {
        self.block = block
        self.sourceLength = sourceLength
        self.sentenceLengths = sentenceLengths.map { Int32($0) }
        self.rowSources = (0..<sentenceLengths.count).map { Int32($0) }
    }

    public func selectingRows(_ rows: [Int]) -> MemoryKeyValues {
        var result = self
        result.rowSources = rows.map { rowSources[$0] }
        return result
    }

    public var source: AttentionStepSource {
        .memory(block: block, sourceLength: sourceLength, rowSources: rowSources,
                lengths: rowSources.map { sentenceLengths[Int($0)] })
    }
}
