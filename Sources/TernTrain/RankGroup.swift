import TernTensor

/// The processes of a data-parallel run, as the training loop needs them: a sum over all of them and a broadcast
/// from the first. `TernMPI` implements it over MPI; a run without one (``TrainingRun/ranks`` nil) is one process.
///
/// Every process ("rank") holds the same model and takes every `size`-th micro-batch of each update; the gradients
/// are summed before clipping, so every rank takes the same optimizer step. Rank 0 leads: it alone validates, logs
/// and writes the model file, and it decides when the run stops (``TrainingRun/followLeader()``).
///
/// Both calls are collective: every rank must make the same calls in the same order, or the run hangs.
public protocol RankGroup: AnyObject {
    /// This process, `0 ..< size`.
    var rank: Int { get }
    /// How many processes train together.
    var size: Int { get }
    /// Replaces, on every rank, each parameter's gradient by the sum over all ranks, and `totals` likewise. A
    /// parameter that a rank's backward passes did not reach counts as zero there; one that no rank's reached keeps
    /// no gradient, as in a single process.
    func sum(gradientsOf parameters: [Parameter], totals: inout [Double]) throws
    /// Rank 0's `bytes`, on every rank (the others' argument is ignored).
    func broadcast(_ bytes: [UInt8]) throws -> [UInt8]
}

extension RankGroup {
    public var isLeader: Bool { rank == 0 }
}
