import CDNNL
import CTernKernels
import Dispatch

/// What lower precision buys on this CPU, measured on a large square product (1024³): fp32 through `dnnl_sgemm`;
/// bf16 through oneDNN's bf16 matmul primitive (inputs already bf16, fp32 accumulation) where this oneDNN has one for
/// the CPU, and emulated (``BF16Gemm``: operands rounded, then the fp32 GEMM) everywhere; int8 through
/// `dnnl_gemm_u8s8s32`. Training's `precision: auto` takes bf16 only when oneDNN's bf16 product beats fp32 by
/// ``margin``: emulation is never faster than fp32.
public struct PrecisionProbe: Sendable {
    public static let size = 1024
    /// How much faster the bf16 product must be for `auto` to take it.
    public static let margin = 1.3

    public var fp32GFLOPS: Double
    /// Nil where oneDNN runs no bf16 matmul on this CPU.
    public var bf16GFLOPS: Double?
    /// bf16 inputs emulated: rounding and packing both operands, then the fp32 product.
    public var emulatedBF16GFLOPS: Double
    /// Giga integer operations per second; nil if oneDNN refused.
    public var int8GOPS: Double?

    /// The precision `auto` picks from these figures, and why, in words for the run's stderr.
    public var choice: (precision: MatmulPrecision, reason: String) {
        Self.choice(fp32: fp32GFLOPS, bf16: bf16GFLOPS)
    }

    static func choice(fp32: Double?, bf16: Double?) -> (precision: MatmulPrecision, reason: String) {
        guard let bf16, let fp32 else {
            return (.fp32, "oneDNN \(Gemm.oneDNNVersion) has no bf16 matmul for this CPU (\(Gemm.oneDNNInstructionSet)); emulated bf16 is slower than fp32")
        }
        let ratio = bf16 / fp32
        return (ratio >= margin ? .bf16 : .fp32,
                String(format: "bf16 %.1f GFLOP/s against fp32 %.1f: %.2f×, %@ the %.2f× needed", bf16, fp32, ratio,
                       ratio >= margin ? "at least" : "below", margin))
    }

    /// What training's `auto` picks: fp32 at once where oneDNN has no bf16 matmul, else the two measured briefly.
    /// Measured once per process.
    public static let trainingChoice: (precision: MatmulPrecision, reason: String) = {
        guard BF16Gemm.isNative else { return choice(fp32: nil, bf16: nil) }
        let probe = Operands()
        return choice(fp32: probe.fp32(seconds: 0.15), bf16: probe.nativeBF16(seconds: 0.15))
    }()

    /// Takes about `seconds` per precision.
    public static func measure(seconds: Double = 0.3) -> PrecisionProbe {
        let probe = Operands()
        return PrecisionProbe(fp32GFLOPS: probe.fp32(seconds: seconds), bf16GFLOPS: probe.nativeBF16(seconds: seconds),
                              emulatedBF16GFLOPS: probe.emulatedBF16(seconds: seconds), int8GOPS: probe.int8(seconds: seconds))
    }

    /// Two n × n operands and a result, in pool memory.
    private final class Operands {
        let n = PrecisionProbe.size
        let a: TensorStorage, b: TensorStorage, c: TensorStorage
        var flops: Double { 2 * Double(n) * Double(n) * Double(n) }

        init() {
            Kernels.ensureInitialized()
            (a, b, c) = (TensorStorage(uninitializedCount: n * n), TensorStorage(uninitializedCount: n * n),
                         TensorStorage(uninitializedCount: n * n))
            for i in 0..<(n * n) {
                a.base[i] = Float(i % 7) * 0.25 - 0.75
                b.base[i] = Float(i % 5) * 0.25 - 0.5
            }
        }

        func fp32(seconds: Double) -> Double {
            flops / bestSeconds(seconds) {
                _ = dnnl_sgemm(CChar(UInt8(ascii: "N")), CChar(UInt8(ascii: "N")), dnnl_dim_t(n), dnnl_dim_t(n), dnnl_dim_t(n),
                               1, a.base, dnnl_dim_t(n), b.base, dnnl_dim_t(n), 0, c.base, dnnl_dim_t(n))
            } * 1e-9
        }

        func nativeBF16(seconds: Double) -> Double? {
            guard BF16Gemm.isNative else { return nil }
            let packedA = TensorStorage(uninitializedCount: n * n / 2), packedB = TensorStorage(uninitializedCount: n * n / 2)
            let bitsA = UnsafeMutableRawPointer(packedA.base).bindMemory(to: UInt16.self, capacity: n * n)
            let bitsB = UnsafeMutableRawPointer(packedB.base).bindMemory(to: UInt16.self, capacity: n * n)
            tern_pack_bf16_bits(a.base, n, n, n, 0, bitsA)
            tern_pack_bf16_bits(b.base, n, n, n, 0, bitsB)
            let rate = flops / bestSeconds(seconds) { _ = tern_dnnl_bf16_matmul(1, n, n, n, 1, 0, bitsA, bitsB, c.base, n) } * 1e-9
            withExtendedLifetime((packedA, packedB)) {}
            return rate
        }

        func emulatedBF16(seconds: Double) -> Double {
            flops / bestSeconds(seconds) {
                BF16Gemm.product(count: 1, transposeA: false, transposeB: false, m: n, n: n, k: n, alpha: 1,
                                 a: a.base, strideA: 0, lda: n, b: b.base, strideB: 0, ldb: n, beta: 0, c: c.base, strideC: 0,
                                 ldc: n, native: false)
            } * 1e-9
        }

        func int8(seconds: Double) -> Double? {
            let a8 = [UInt8](repeating: 3, count: n * n), b8 = [Int8](repeating: -2, count: n * n)
            var c32 = [Int32](repeating: 0, count: n * n)
            var offset: Int32 = 0
            var status = dnnl_success
            let time = bestSeconds(seconds) {
                status = dnnl_gemm_u8s8s32(CChar(UInt8(ascii: "N")), CChar(UInt8(ascii: "N")), CChar(UInt8(ascii: "F")),
                                           dnnl_dim_t(n), dnnl_dim_t(n), dnnl_dim_t(n), 1, a8, dnnl_dim_t(n), 0, b8,
                                           dnnl_dim_t(n), 0, 0, &c32, dnnl_dim_t(n), &offset)
            }
            return status == dnnl_success ? flops / time * 1e-9 : nil
        }
    }

    /// The fastest of repeated runs of `body` over about `seconds` (after one warm-up): on a shared machine the
    /// fastest run is the one least disturbed.
    private static func bestSeconds(_ seconds: Double, _ body: () -> Void) -> Double {
        body()
        var best = Double.infinity, spent = 0.0
        repeat {
            let start = DispatchTime.now().uptimeNanoseconds
            body()
            let elapsed = Double(DispatchTime.now().uptimeNanoseconds - start) * 1e-9
            best = min(best, elapsed)
            spent += elapsed
        } while spent < seconds
        return best
    }
}
