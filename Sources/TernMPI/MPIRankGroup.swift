import Foundation
import TernTensor
import TernTrain

/// The ranks of an `mpirun` job as a training run's ``RankGroup``: gradients summed in buckets with
/// `MPI_Allreduce` (Float32), bytes broadcast from rank 0.
public final class MPIRankGroup: RankGroup {
    public let world: MPIWorld
    let buckets: GradientBuckets
    /// Seconds spent summing gradients (packing the buckets included) and in broadcasts: the price of data
    /// parallelism, waiting for a slower rank included.
    public private(set) var communicationSeconds: Double = 0

    /// - Parameter bucketBytes: the size of a gradient bucket (4 MB: large enough that a call's latency is small
    ///   beside its transfer, small enough that the copy stays in cache; `TERN_MPI_BUCKET_BYTES` changes it).
    public init(world: MPIWorld, bucketBytes: Int = MPIRankGroup.defaultBucketBytes) {
        self.world = world
        buckets = GradientBuckets(capacity: max(1, bucketBytes / 4))
    }

    public static var defaultBucketBytes: Int {
        ProcessInfo.processInfo.environment["TERN_MPI_BUCKET_BYTES"].flatMap(Int.init).map { max(4, $0) } ?? 4 << 20
    }

    public var rank: Int { world.rank }
    public var size: Int { world.size }

    public func sum(gradientsOf parameters: [Parameter], totals: inout [Double]) throws {
        let start = Date()
        defer { communicationSeconds += Date().timeIntervalSince(start) }
        try buckets.sum(parameters, totals: &totals, over: world)
    }

    public func broadcast(_ bytes: [UInt8]) throws -> [UInt8] {
        let start = Date()
        defer { communicationSeconds += Date().timeIntervalSince(start) }
        return try world.broadcast(bytes)
    }

    /// Gradient bytes summed and MPI calls made by the last update.
    public var lastExchange: (bytes: Int, calls: Int) { (buckets.lastBytes, buckets.lastCalls) }
}
