import Foundation

/// All processes of an `mpirun` job (`MPI_COMM_WORLD`), with the few collectives data parallelism needs: sums of
/// Float32 and Float64 buffers and a broadcast of bytes from rank 0. Errors come back as ``MPIError`` (the
/// communicator returns error codes instead of aborting).
///
/// Only the main thread calls MPI (`MPI_THREAD_FUNNELED`); the engine's OpenMP threads never do.
public final class MPIWorld {
    public let rank: Int
    public let size: Int
    /// The library's own name and version, e.g. "Open MPI v4.1.4, …".
    public let version: String
    let library: MPILibrary
    private var finalized = false

    /// The largest piece one call moves: MPI counts are 32-bit.
    static let maxCount = 1 << 28

    nonisolated(unsafe) private static var initialized = false

    /// Loads Open MPI and initialises it; once per process.
    public static func initialize() throws -> MPIWorld {
        precondition(!initialized, "MPI is initialised once per process")
        let library = try MPILibrary()
        var provided: Int32 = 0
        let code = library.initThread(nil, nil, MPILibrary.threadFunneled, &provided)
        guard code == 0 else { throw MPIError.call(function: "MPI_Init_thread", reason: library.describe(code)) }
        initialized = true
        return try MPIWorld(library: library)
    }

    private init(library: MPILibrary) throws {
        self.library = library
        var rank: Int32 = 0, size: Int32 = 0
        _ = library.commSetErrhandler(library.commWorld, library.errorsReturn)
        guard library.commRank(library.commWorld, &rank) == 0, library.commSize(library.commWorld, &size) == 0 else {
            throw MPIError.call(function: "MPI_Comm_rank", reason: "no rank in MPI_COMM_WORLD")
        }
        self.rank = Int(rank)
        self.size = Int(size)
        version = library.version
    }

    /// Ends MPI; every rank calls it once the work is done (it waits for the others). Idempotent.
    public func finalize() {
        guard !finalized else { return }
        finalized = true
        _ = library.finalize()
    }

    /// Ends every rank of the job now: for an error on one rank that the others, blocked in a collective, cannot hear
    /// of. `mpirun` reports it and exits with `status`.
    public func abort(status: Int32) -> Never {
        _ = library.abort(library.commWorld, status)
        exit(status)
    }

    /// Sums `values` over all ranks, in place.
    public func sum(_ values: UnsafeMutableBufferPointer<Float>) throws {
        try sum(values.baseAddress, count: values.count, type: library.float)
    }

    /// Sums `values` over all ranks, in place.
    public func sum(_ values: inout [Double]) throws {
        try values.withUnsafeMutableBufferPointer { try sum($0.baseAddress, count: $0.count, type: library.double) }
    }

    private func sum(_ base: UnsafeMutableRawPointer?, count: Int, type: MPILibrary.Handle) throws {
        let stride = type == library.double ? 8 : 4
        var offset = 0
        while offset < count {
            let piece = min(Self.maxCount, count - offset)
            try check(library.allreduce(library.inPlace, base.map { $0 + offset * stride }, Int32(piece), type, library.sum,
                                        library.commWorld), "MPI_Allreduce")
            offset += piece
        }
    }

    /// Rank 0's `bytes` on every rank (the others' argument is ignored): first the length, then the bytes.
    ///
    /// A rank waiting here sleeps between polls instead of spinning, as blocking MPI calls do: the other ranks wait
    /// here while rank 0 validates and writes a checkpoint, and on a small machine a spinning rank would take a core
    /// from it.
    public func broadcast(_ bytes: [UInt8]) throws -> [UInt8] {
        var length = [UInt64(rank == 0 ? bytes.count : 0)]
        try length.withUnsafeMutableBytes { try broadcastPiece($0.baseAddress, count: 8) }
        var buffer = rank == 0 ? bytes : [UInt8](repeating: 0, count: Int(length[0]))
        try buffer.withUnsafeMutableBytes { raw in
            var offset = 0
            while offset < raw.count {
                let piece = min(Self.maxCount, raw.count - offset)
                try broadcastPiece(raw.baseAddress! + offset, count: piece)
                offset += piece
            }
        }
        return buffer
    }

    private func broadcastPiece(_ base: UnsafeMutableRawPointer?, count: Int) throws {
        var request: MPILibrary.Handle?
        try check(library.ibcast(base, Int32(count), library.byte, 0, library.commWorld, &request), "MPI_Ibcast")
        var done: Int32 = 0
        let start = Date()
        while true {
            try check(library.test(&request, &done, nil), "MPI_Test")
            if done != 0 { return }
            // Poll hot for a millisecond (a step's broadcast arrives at once), then at 2 kHz.
            if Date().timeIntervalSince(start) > 0.001 { usleep(500) }
        }
    }

    private func check(_ code: Int32, _ function: String) throws {
        guard code != 0 else { return }
        throw MPIError.call(function: function, reason: library.describe(code))
    }
}
