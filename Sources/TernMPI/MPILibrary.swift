import Foundation

/// Open MPI's C library, opened with `dlopen` only when a process finds itself started by `mpirun`: the `tern`
/// binary links no MPI, builds on a machine without `libopenmpi-dev`, and a run without `mpirun` pays nothing.
///
/// The functions come from `dlsym`. So do the handles that `mpi.h` defines as macros: in Open MPI, `MPI_COMM_WORLD`,
/// `MPI_FLOAT` or `MPI_SUM` are the addresses of global objects (`&ompi_mpi_comm_world`, …), which `dlsym` returns,
/// and `MPI_IN_PLACE` is `(void *) 1`. That ties this file to Open MPI's ABI (stable across 4.x and 5.x, and Debian's
/// `openmpi-bin`), not to MPICH's, whose handles are integers.
final class MPILibrary: @unchecked Sendable {
    typealias Handle = UnsafeMutableRawPointer

    /// `libmpi.so.40` is what `openmpi-bin` installs (through `libopenmpi3`); the unversioned name needs the -dev
    /// package. `TERN_MPI_LIBRARY` names another (an Open MPI installed under /opt, say).
    static var fileNames: [String] {
        if let path = ProcessInfo.processInfo.environment["TERN_MPI_LIBRARY"], !path.isEmpty { return [path] }
        return ["libmpi.so.40", "libmpi.so"]
    }

    typealias InitThread = @convention(c) (UnsafeMutablePointer<Int32>?, UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>?, Int32, UnsafeMutablePointer<Int32>?) -> Int32
    typealias Finalize = @convention(c) () -> Int32
    typealias CommQuery = @convention(c) (Handle, UnsafeMutablePointer<Int32>) -> Int32
    typealias CommSetErrhandler = @convention(c) (Handle, Handle) -> Int32
    typealias Allreduce = @convention(c) (UnsafeRawPointer?, UnsafeMutableRawPointer?, Int32, Handle, Handle, Handle) -> Int32
    typealias Ibcast = @convention(c) (UnsafeMutableRawPointer?, Int32, Handle, Int32, Handle, UnsafeMutablePointer<Handle?>) -> Int32
    typealias Test = @convention(c) (UnsafeMutablePointer<Handle?>, UnsafeMutablePointer<Int32>, UnsafeMutableRawPointer?) -> Int32
    typealias Abort = @convention(c) (Handle, Int32) -> Int32
    typealias ErrorString = @convention(c) (Int32, UnsafeMutablePointer<CChar>, UnsafeMutablePointer<Int32>) -> Int32
    typealias LibraryVersion = @convention(c) (UnsafeMutablePointer<CChar>, UnsafeMutablePointer<Int32>) -> Int32

    let initThread: InitThread
    let finalize: Finalize
    let commRank: CommQuery
    let commSize: CommQuery
    let commSetErrhandler: CommSetErrhandler
    let allreduce: Allreduce
    let ibcast: Ibcast
    let test: Test
    let abort: Abort
    let errorString: ErrorString
    let libraryVersion: LibraryVersion

    let commWorld: Handle
    let float: Handle
    let double: Handle
    let byte: Handle
    let sum: Handle
    let errorsReturn: Handle
    /// `MPI_IN_PLACE` in Open MPI.
    let inPlace = UnsafeRawPointer(bitPattern: 1)

    /// `MPI_THREAD_FUNNELED`: only the main thread calls MPI (the engine's OpenMP threads never do).
    static let threadFunneled: Int32 = 1
    /// `MPI_MAX_ERROR_STRING` and `MPI_MAX_LIBRARY_VERSION_STRING` in Open MPI are 256.
    static let maxString = 256

    /// Opens the library and resolves every symbol; the error says what is missing and how to get it.
    init() throws {
        var opened: UnsafeMutableRawPointer?
        var reasons: [String] = []
        for name in Self.fileNames {
            // RTLD_GLOBAL: Open MPI's own plugins (mca_*.so), which it dlopens in turn, look its symbols up globally.
            if let handle = dlopen(name, RTLD_NOW | RTLD_GLOBAL) { opened = handle; break }
            reasons.append(String(cString: dlerror()))
        }
        guard let library = opened else { throw MPIError.libraryMissing(reasons: reasons) }
        func symbol<T>(_ name: String, as type: T.Type) throws -> T {
            guard let address = dlsym(library, name) else { throw MPIError.symbolMissing(name) }
            return unsafeBitCast(address, to: type)
        }
        func object(_ name: String) throws -> Handle {
            guard let address = dlsym(library, name) else { throw MPIError.symbolMissing(name) }
            return address
        }
        initThread = try symbol("MPI_Init_thread", as: InitThread.self)
        finalize = try symbol("MPI_Finalize", as: Finalize.self)
        commRank = try symbol("MPI_Comm_rank", as: CommQuery.self)
        commSize = try symbol("MPI_Comm_size", as: CommQuery.self)
        commSetErrhandler = try symbol("MPI_Comm_set_errhandler", as: CommSetErrhandler.self)
        allreduce = try symbol("MPI_Allreduce", as: Allreduce.self)
        ibcast = try symbol("MPI_Ibcast", as: Ibcast.self)
        test = try symbol("MPI_Test", as: Test.self)
        abort = try symbol("MPI_Abort", as: Abort.self)
        errorString = try symbol("MPI_Error_string", as: ErrorString.self)
        libraryVersion = try symbol("MPI_Get_library_version", as: LibraryVersion.self)
        commWorld = try object("ompi_mpi_comm_world")
        float = try object("ompi_mpi_float")
        double = try object("ompi_mpi_double")
        byte = try object("ompi_mpi_byte")
        sum = try object("ompi_mpi_op_sum")
        errorsReturn = try object("ompi_mpi_errors_return")
    }

    /// The text MPI gives for an error code.
    func describe(_ code: Int32) -> String {
        var buffer = [CChar](repeating: 0, count: Self.maxString + 1)
        var length: Int32 = 0
        guard errorString(code, &buffer, &length) == 0 else { return "MPI error \(code)" }
        return String(cString: buffer)
    }

    /// e.g. "Open MPI v4.1.4, package: Debian OpenMPI, …", first line only.
    var version: String {
        var buffer = [CChar](repeating: 0, count: Self.maxString * 16)
        var length: Int32 = 0
        guard libraryVersion(&buffer, &length) == 0 else { return "unknown MPI" }
        return String(cString: buffer).split(separator: "\n").first.map(String.init) ?? ""
    }
}
