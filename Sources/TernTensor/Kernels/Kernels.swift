import CTernKernels
import Foundation

/// The engine's settings and the few loops written in Swift; everything else calls the C kernels or oneDNN.
public enum Kernels {
    /// Threads used by GEMM and by the row-parallel kernels. Default: every core.
    nonisolated(unsafe) public private(set) static var threads: Int = {
        let cores = max(1, ProcessInfo.processInfo.activeProcessorCount)
        tern_set_omp_threads(Int32(cores))
        Gemm.setBackendThreads(cores)
        return cores
    }()

    /// Sets up the thread team (and its denormal flushing) on first use of the engine.
    @inline(__always) static func ensureInitialized() { _ = threads }

    public static func setThreads(_ count: Int) {
        precondition(count >= 1, "threads must be at least 1, got \(count)")
        threads = count
        tern_set_omp_threads(Int32(count))
        Gemm.setBackendThreads(count)
    }

    /// Splits `rows` into one contiguous block per thread when there is enough work (`rows * rowCost` values) to
    /// pay for waking the threads; otherwise runs on the caller's thread. The blocks run on the OpenMP team that
    /// oneDNN uses, so Tern's loops and the GEMMs share one set of threads.
    static func parallelRows(_ rows: Int, rowCost: Int, _ body: (Range<Int>) -> Void) {
        let workers = min(threads, rows)
        if workers <= 1 || rows * rowCost < 1 << 15 {
            body(0..<rows)
            return
        }
        let block = (rows + workers - 1) / workers
        parallel(workers: workers) { worker, _ in
            let start = worker * block
            let end = min(rows, start + block)
            if start < end { body(start..<end) }
        }
    }

    /// Runs `body(worker, workers)` on `workers` threads and waits for all of them.
    static func parallel(workers: Int, _ body: (Int, Int) -> Void) {
        withoutActuallyEscaping(body) { escapable in
            let box = Unmanaged.passRetained(ParallelBody(escapable))
            defer { box.release() }
            tern_parallel(Int32(workers), { context, worker, workers in
                Unmanaged<ParallelBody>.fromOpaque(context!).takeUnretainedValue().body(Int(worker), Int(workers))
            }, box.toOpaque())
        }
    }

    /// Splits `rows` into `workers` contiguous blocks and calls `body(worker, block)` for each non-empty one: on the
    /// thread team when `parallel`, else in turn on this thread. Unlike ``parallelRows(_:rowCost:_:)`` the worker
    /// index is stable whatever the thread count, for kernels that keep a partial sum per worker.
    static func blocks(rows: Int, workers: Int, parallel: Bool, _ body: (Int, Range<Int>) -> Void) {
        let size = (rows + workers - 1) / workers
        func run(_ worker: Int) {
            let start = worker * size, end = min(rows, start + size)
            if start < end { body(worker, start..<end) }
        }
        if workers > 1 && parallel {
            Kernels.parallel(workers: workers) { worker, _ in run(worker) }
        } else {
            for worker in 0..<workers { run(worker) }
        }
    }

    /// Runs an element-wise kernel over `count` values, in per-thread chunks for large tensors.
    static func parallelElements(_ count: Int, _ body: (Int, Int) -> Void) {
        let chunk = 1 << 14
        let chunks = (count + chunk - 1) / chunk
        parallelRows(chunks, rowCost: chunk) { range in
            let start = range.lowerBound * chunk
            let end = min(count, range.upperBound * chunk)
            body(start, end - start)
        }
    }

    static func accumulate(_ source: UnsafePointer<Float>, into target: UnsafeMutablePointer<Float>, count: Int) {
        parallelElements(count) { start, length in
            tern_axpy(1, source + start, target + start, length)
        }
    }
}


final class ParallelBody {
    let body: (Int, Int) -> Void
    init(_ body: @escaping (Int, Int) -> Void) { self.body = body }
}
