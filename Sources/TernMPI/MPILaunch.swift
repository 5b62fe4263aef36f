import Foundation

/// How this process was started, read from the environment alone, so that a process started without `mpirun` never
/// loads MPI: Open MPI's `mpirun` sets `OMPI_COMM_WORLD_SIZE`, `_RANK` and `_LOCAL_SIZE`; a PMIx launcher such as
/// Slurm's `srun --mpi=pmix` sets `PMIX_RANK`, and MPI itself then tells the size.
public struct MPILaunch: Equatable, Sendable {
    /// This process's rank, as `mpirun` numbered it.
    public var rank: Int
    /// How many processes `mpirun` started; nil when only MPI knows (a PMIx launcher).
    public var size: Int?
    /// How many of them share this machine (to divide its cores between them).
    public var localSize: Int

    public init(rank: Int, size: Int?, localSize: Int) {
        (self.rank, self.size, self.localSize) = (rank, size, localSize)
    }

    /// The launch `environment` describes: nil without a launcher.
    ///
    /// - Throws: ``MPIError/unsupportedLauncher(_:)`` for MPICH's `mpiexec` (`PMI_RANK`), whose processes an Open MPI
    ///   library cannot join.
    public static func detect(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> MPILaunch? {
        if let size = environment["OMPI_COMM_WORLD_SIZE"].flatMap(Int.init) {
            let rank = environment["OMPI_COMM_WORLD_RANK"].flatMap(Int.init) ?? 0
            let localSize = environment["OMPI_COMM_WORLD_LOCAL_SIZE"].flatMap(Int.init) ?? size
            return MPILaunch(rank: rank, size: size, localSize: localSize)
        }
        if let rank = environment["PMIX_RANK"].flatMap(Int.init) {
            return MPILaunch(rank: rank, size: nil, localSize: environment["OMPI_COMM_WORLD_LOCAL_SIZE"].flatMap(Int.init) ?? 1)
        }
        if environment["PMI_RANK"] != nil { throw MPIError.unsupportedLauncher("PMI_RANK") }
        return nil
    }

    /// Whether this process is rank 0 or alone; for checks that must run on one rank only, before MPI starts.
    public static var isFirstOrOnlyProcess: Bool {
        let environment = ProcessInfo.processInfo.environment
        return (environment["OMPI_COMM_WORLD_RANK"] ?? environment["PMIX_RANK"]).flatMap(Int.init).map { $0 == 0 } ?? true
    }

    /// Engine threads per rank when the config leaves `threads` at 0: this machine's cores shared by its ranks, so
    /// that two ranks on two cores do not run four threads.
    public var defaultThreads: Int {
        max(1, ProcessInfo.processInfo.activeProcessorCount / max(1, localSize))
    }
}
