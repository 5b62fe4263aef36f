import TernTensor

/// Sums gradients over the ranks in buckets: gradients smaller than a bucket are copied one after another into a
/// buffer of `capacity` floats (4 MB by default) and summed by one call, so that a model's hundreds of small tensors
/// (biases, layer norms) cost a few calls rather than hundreds; a gradient as large as a bucket is summed where it
/// lies. Every rank packs the same parameters in the same order, so the buckets line up.
///
/// The sums start after the backward pass, not while it runs: starting a bucket as soon as its gradients are final
/// would need a hook in the engine's backward pass, and with gradient accumulation only the last micro-batch's pass
/// could overlap at all.
final class GradientBuckets {
    let capacity: Int
    private var buffer: [Float]
    /// The last sum's gradient bytes and MPI calls, for the progress report.
    private(set) var lastBytes = 0
    private(set) var lastCalls = 0

    init(capacity: Int = 1 << 20) {
        precondition(capacity > 0, "a bucket holds at least one value")
        self.capacity = capacity
        buffer = [Float](repeating: 0, count: capacity)
    }

    /// See ``TernTrain/RankGroup/sum(gradientsOf:totals:)``: first one small sum of `totals` and of which parameters
    /// have a gradient on each rank, then the gradients that some rank has.
    func sum(_ parameters: [Parameter], totals: inout [Double], over world: MPIWorld) throws {
        var small = totals + parameters.map { $0.grad == nil ? 0 : 1 }
        try world.sum(&small)
        totals = Array(small.prefix(totals.count))
        let reached = parameters.indices.filter { small[totals.count + $0] > 0 }.map { parameters[$0] }
        (lastBytes, lastCalls) = (0, 1)

        var members: [Parameter] = []
        var filled = 0
        func flush() throws {
            guard filled > 0 else { return }
            try buffer.withUnsafeMutableBufferPointer { try world.sum(UnsafeMutableBufferPointer(rebasing: $0[0..<filled])) }
            var offset = 0
            for parameter in members {
                let count = parameter.count
                buffer.withUnsafeBufferPointer { packed in
                    parameter.updateGrad { _ = $0.update(fromContentsOf: packed[offset..<(offset + count)]) }
                }
                offset += count
            }
            lastCalls += 1
            (members, filled) = ([], 0)
        }
        for parameter in reached {
            let count = parameter.count
            lastBytes += 4 * count
            if count >= capacity {
                var failure: Error?
                parameter.updateGrad { gradient in
                    do { try world.sum(gradient) } catch { failure = error }
                }
                if let failure { throw failure }
                lastCalls += 1
                continue
            }
            if filled + count > capacity { try flush() }
            buffer.withUnsafeMutableBufferPointer { bucket in
                let slot = UnsafeMutableBufferPointer(rebasing: bucket[filled..<(filled + count)])
                if let gradient = parameter.grad {
                    gradient.withUnsafeBufferPointer { _ = slot.update(fromContentsOf: $0) }
                } else {
                    slot.update(repeating: 0)  // this rank's backward did not reach it: it adds nothing
                }
            }
            members.append(parameter)
            filled += count
        }
        try flush()
    }
}
