import CDNNL
import Dispatch
import COpenBLAS
import CTernKernels

/// Which library runs matrix products. oneDNN by default: it JIT-compiles kernels for the CPU it finds at run time
/// and ran at 72–97 % of the fp32 peak on every machine of this kind, where Debian's OpenBLAS fell to its generic
/// kernel on one CPU. OpenBLAS stays selectable so the benchmark can compare the two.
public enum GemmBackend: String, CaseIterable, Sendable {
    case oneDNN = "onednn"
    case openBLAS = "openblas"
}

/// Row-major single-precision GEMM: C = alpha · op(A) · op(B) + beta · C.
public enum Gemm {
    nonisolated(unsafe) public static var backend: GemmBackend = .oneDNN
    /// Batched products through oneDNN's matmul primitive (one call for all heads) rather than one GEMM per entry.
    nonisolated(unsafe) public static var useBatchedPrimitive = true
    /// The precision of every product's inputs (see ``MatmulPrecision``); the OpenBLAS backend is fp32 only.
    nonisolated(unsafe) public static var precision: MatmulPrecision = .fp32

    static func setBackendThreads(_ count: Int) {
        openblas_set_num_threads(Int32(count))
    }

    /// - Parameters:
    ///   - m, n, k: op(A) is m×k, op(B) is k×n, C is m×n.
    ///   - lda, ldb, ldc: row strides of A, B and C as stored.
    public static func sgemm(
        transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int, alpha: Float = 1,
        a: UnsafePointer<Float>, lda: Int, b: UnsafePointer<Float>, ldb: Int,
        beta: Float = 0, c: UnsafeMutablePointer<Float>, ldc: Int, backend: GemmBackend = Gemm.backend
    ) {
        if precision == .bf16 && backend == .oneDNN && m > 0 && n > 0 && k > 0 {
            let start = GemmProfile.isEnabled ? GemmProfile.now() : 0
            BF16Gemm.product(count: 1, transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k, alpha: alpha,
                             a: a, strideA: 0, lda: lda, b: b, strideB: 0, ldb: ldb, beta: beta, c: c, strideC: 0, ldc: ldc)
            if GemmProfile.isEnabled { GemmProfile.record(m: m, n: n, k: k, transposeA: transposeA, transposeB: transposeB, since: start, kind: "bf16") }
            return
        }
        fp32Product(transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k, alpha: alpha, a: a, lda: lda,
                    b: b, ldb: ldb, beta: beta, c: c, ldc: ldc, backend: backend)
    }

    static func fp32Product(
        transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int, alpha: Float,
        a: UnsafePointer<Float>, lda: Int, b: UnsafePointer<Float>, ldb: Int,
        beta: Float, c: UnsafeMutablePointer<Float>, ldc: Int, backend: GemmBackend
    ) {
        if m == 0 || n == 0 { return }
        Kernels.ensureInitialized()
        if k == 0 {
            // op(A)·op(B) is all zeros: C = beta·C
            for row in 0..<m { for column in 0..<n { c[row * ldc + column] = beta == 0 ? 0 : beta * c[row * ldc + column] } }
            return
        }
        let start = GemmProfile.isEnabled ? GemmProfile.now() : 0
        defer { if GemmProfile.isEnabled { GemmProfile.record(m: m, n: n, k: k, transposeA: transposeA, transposeB: transposeB, since: start) } }
        switch backend {
        case .oneDNN:
            let status = dnnl_sgemm(
                transposeA ? CChar(UInt8(ascii: "T")) : CChar(UInt8(ascii: "N")),
                transposeB ? CChar(UInt8(ascii: "T")) : CChar(UInt8(ascii: "N")),
                dnnl_dim_t(m), dnnl_dim_t(n), dnnl_dim_t(k), alpha, a, dnnl_dim_t(lda), b, dnnl_dim_t(ldb),
                beta, c, dnnl_dim_t(ldc))
            precondition(status == dnnl_success, "dnnl_sgemm failed with status \(status.rawValue)")
        case .openBLAS:
            cblas_sgemm(CblasRowMajor, transposeA ? CblasTrans : CblasNoTrans, transposeB ? CblasTrans : CblasNoTrans,
                        blasint(m), blasint(n), blasint(k), alpha, a, blasint(lda), b, blasint(ldb), beta, c, blasint(ldc))
        }
    }

    /// Many small independent products (attention's per-head GEMMs). Below a size where one GEMM can use every core,
    /// the batch entries are spread over the threads instead, each GEMM running single-threaded: OpenMP's thread
    /// count is a per-thread setting, so each worker asks oneDNN for one thread without touching the others.
    public static func batched(
        count: Int, transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int, alpha: Float = 1,
        a: UnsafePointer<Float>, strideA: Int, lda: Int, b: UnsafePointer<Float>, strideB: Int, ldb: Int,
        c: UnsafeMutablePointer<Float>, strideC: Int, ldc: Int
    ) {
        if precision == .bf16 && backend == .oneDNN && count > 0 && m > 0 && n > 0 && k > 0 {
            let start = GemmProfile.isEnabled ? GemmProfile.now() : 0
            BF16Gemm.product(count: count, transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k, alpha: alpha,
                             a: a, strideA: strideA, lda: lda, b: b, strideB: strideB, ldb: ldb, beta: 0,
                             c: c, strideC: strideC, ldc: ldc)
            if GemmProfile.isEnabled {
                GemmProfile.record(m: m, n: n, k: k, transposeA: transposeA, transposeB: transposeB, since: start, batch: count, kind: "bf16")
            }
            return
        }
        fp32Batched(count: count, transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k, alpha: alpha,
                    a: a, strideA: strideA, lda: lda, b: b, strideB: strideB, ldb: ldb, c: c, strideC: strideC, ldc: ldc)
    }

    static func fp32Batched(
        count: Int, transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int, alpha: Float,
        a: UnsafePointer<Float>, strideA: Int, lda: Int, b: UnsafePointer<Float>, strideB: Int, ldb: Int,
        c: UnsafeMutablePointer<Float>, strideC: Int, ldc: Int
    ) {
        let start = GemmProfile.isEnabled ? GemmProfile.now() : 0
        defer {
            if GemmProfile.isEnabled {
                GemmProfile.record(m: m, n: n, k: k, transposeA: transposeA, transposeB: transposeB, since: start, batch: count)
            }
        }
        if useBatchedPrimitive && lda == (transposeA ? m : k) && ldb == (transposeB ? k : n) && ldc == n
            && strideA == m * k && strideB == k * n && strideC == m * n
            && tern_dnnl_batched_matmul(count, m, n, k, transposeA ? 1 : 0, transposeB ? 1 : 0, alpha, a, b, c) != 0 {
            return
        }
        let workers = min(Kernels.threads, count)
        let smallProduct = m * n * k < 1 << 21
        if workers <= 1 || !smallProduct {
            for i in 0..<count {
                fp32Product(transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k, alpha: alpha,
                            a: a + i * strideA, lda: lda, b: b + i * strideB, ldb: ldb, beta: 0, c: c + i * strideC,
                            ldc: ldc, backend: backend)
            }
            return
        }
        // Inside the parallel region each sgemm runs on its calling thread (OpenMP does not nest by default).
        Kernels.parallelRows(count, rowCost: 1 << 15) { range in
            for i in range {
                fp32Product(transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k, alpha: alpha,
                            a: a + i * strideA, lda: lda, b: b + i * strideB, ldb: ldb, beta: 0, c: c + i * strideC,
                            ldc: ldc, backend: backend)
            }
        }
    }

    /// The instruction set oneDNN dispatches to on this CPU, e.g. "avx512_core".
    public static var oneDNNInstructionSet: String {
        let isa = dnnl_get_effective_cpu_isa()
        switch isa {
        case dnnl_cpu_isa_sse41: return "sse41"
        case dnnl_cpu_isa_avx: return "avx"
        case dnnl_cpu_isa_avx2: return "avx2"
        case dnnl_cpu_isa_avx512_mic: return "avx512_mic"
        case dnnl_cpu_isa_avx512_mic_4ops: return "avx512_mic_4ops"
        case dnnl_cpu_isa_avx512_core: return "avx512_core"
        case dnnl_cpu_isa_avx512_core_vnni: return "avx512_core_vnni"
        case dnnl_cpu_isa_avx512_core_bf16: return "avx512_core_bf16"
        case dnnl_cpu_isa_avx512_core_amx: return "avx512_core_amx"
        case dnnl_cpu_isa_avx2_vnni: return "avx2_vnni"
        default: return "isa#\(isa.rawValue)"
        }
    }

    public static var oneDNNVersion: String {
        guard let version = dnnl_version() else { return "unknown" }
        return "\(version.pointee.major).\(version.pointee.minor).\(version.pointee.patch)"
    }

    /// The kernel OpenBLAS chose for this CPU (e.g. "Haswell", or "Prescott" when it does not know the CPU).
    public static var openBLASCore: String {
        guard let name = openblas_get_corename() else { return "unknown" }
        return String(cString: name)
    }
}

/// Where GEMM time goes, by shape and transposition (`tern bench train --profile`). Off by default: it costs two
/// clock reads per call.
public enum GemmProfile {
    nonisolated(unsafe) public static var isEnabled = false
    nonisolated(unsafe) static var entries: [String: (calls: Int, seconds: Double, flops: Double)] = [:]

    static func now() -> UInt64 { DispatchTime.now().uptimeNanoseconds }

    static func record(m: Int, n: Int, k: Int, transposeA: Bool, transposeB: Bool, since start: UInt64, batch: Int = 1,
                       kind: String = "") {
        let key = (batch > 1 ? "\(batch)× " : "") + "\(m)×\(n)×\(k) \(transposeA ? "T" : "N")\(transposeB ? "T" : "N")"
            + (kind.isEmpty ? "" : " " + kind)
        var entry = entries[key] ?? (0, 0, 0)
        entry.calls += 1
        entry.seconds += Double(now() - start) * 1e-9
        entry.flops += 2 * Double(m) * Double(n) * Double(k) * Double(batch)
        entries[key] = entry
    }

    public static func reset() { entries = [:] }

    /// Lines "shape calls seconds GFLOP/s", slowest total first.
    public static var report: [String] {
        entries.sorted { $0.value.seconds > $1.value.seconds }.map {
            String(format: "%-22@ %6d calls %8.3f s %7.1f GFLOP/s", $0.key, $0.value.calls, $0.value.seconds, $0.value.flops / $0.value.seconds * 1e-9)
        }
    }
}
