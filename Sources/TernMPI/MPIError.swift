/// Why a data-parallel run could not use MPI, or stopped. Each message says what to do.
public enum MPIError: Error, CustomStringConvertible, Equatable {
    /// Started by `mpirun`, but Open MPI's library cannot be loaded; `reasons` are `dlopen`'s, per file name tried.
    case libraryMissing(reasons: [String])
    /// The library loaded but lacks a function or handle Tern uses (not Open MPI, or a very old one).
    case symbolMissing(String)
    /// Started by a launcher other than Open MPI's `mpirun` (MPICH's `mpiexec` sets `PMI_RANK`).
    case unsupportedLauncher(String)
    /// An MPI call failed; `reason` is MPI's own text.
    case call(function: String, reason: String)
    /// Rank 0 could not start or resume the run and said so with this exit status (it printed the error itself).
    case leaderFailed(status: Int32)

    public var description: String {
        switch self {
        case let .libraryMissing(reasons):
            return "this process was started by mpirun, but Open MPI's library cannot be loaded (\(reasons.joined(separator: "; "))); "
                + "install it with `apt-get install openmpi-bin`, or run `tern train` without mpirun"
        case let .symbolMissing(name):
            return "the MPI library has no '\(name)': Tern needs Open MPI 4 or later (`apt-get install openmpi-bin`)"
        case let .unsupportedLauncher(variable):
            return "started by a launcher that sets \(variable) but not OMPI_COMM_WORLD_SIZE: Tern speaks Open MPI only; "
                + "start it with Open MPI's mpirun (`apt-get install openmpi-bin`)"
        case let .call(function, reason):
            return "\(function) failed: \(reason)"
        case let .leaderFailed(status):
            return "rank 0 could not start the run (exit status \(status); its error is above)"
        }
    }
}
