import CTernKernels

/// The precision of matrix products' inputs. fp32 throughout, or bf16: both operands rounded to bf16 (8
/// significant bits) and their products accumulated in fp32 — every product of the model, forward and backward,
/// goes through ``Gemm``, so one switch covers linear layers, attention's batched products and the output
/// projection, while weights, optimizer state, softmax, layer norm and the loss stay fp32.
public enum MatmulPrecision: String, CaseIterable, Sendable {
    case fp32, bf16
}

/// bf16 products: operands rounded to bf16 as they are packed into pool buffers (which also undoes transposes),
/// then multiplied by oneDNN's bf16 matmul where this oneDNN has one for this CPU, or else emulated: the fp32 GEMM on
/// the rounded values, whose products are exact in fp32, so it accumulates the same products.
enum BF16Gemm {
    /// Whether oneDNN runs bf16 matmuls here (oneDNN 2.x: only on AVX512_CORE CPUs); otherwise emulated.
    static var isNative: Bool { tern_dnnl_bf16_available() != 0 }

    /// x rounded to the nearest bf16, ties to even: what every operand goes through.
    static func round(_ x: Float) -> Float { tern_bf16_round(x) }

    /// C_i = alpha · op(A_i) · op(B_i) + beta · C_i for i < count; the same arguments as ``Gemm/batched``. `native`
    /// false forces the emulation (the benchmark measures it).
    static func product(
        count: Int, transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int, alpha: Float,
        a: UnsafePointer<Float>, strideA: Int, lda: Int, b: UnsafePointer<Float>, strideB: Int, ldb: Int,
        beta: Float, c: UnsafeMutablePointer<Float>, strideC: Int, ldc: Int, native: Bool = BF16Gemm.isNative
    ) {
        if native && (count == 1 || strideC == m * ldc) {
            // bf16 bit patterns, two to a float of pool memory
            let packedA = TensorStorage(uninitializedCount: (count * m * k + 1) / 2)
            let packedB = TensorStorage(uninitializedCount: (count * k * n + 1) / 2)
            let bitsA = UnsafeMutableRawPointer(packedA.base).bindMemory(to: UInt16.self, capacity: count * m * k)
            let bitsB = UnsafeMutableRawPointer(packedB.base).bindMemory(to: UInt16.self, capacity: count * k * n)
            for i in 0..<count {
                tern_pack_bf16_bits(a + i * strideA, m, k, lda, transposeA ? 1 : 0, bitsA + i * m * k)
                tern_pack_bf16_bits(b + i * strideB, k, n, ldb, transposeB ? 1 : 0, bitsB + i * k * n)
            }
            let done = tern_dnnl_bf16_matmul(count, m, n, k, alpha, beta, bitsA, bitsB, c, ldc) != 0
            withExtendedLifetime((packedA, packedB)) {}
            if done { return }
        }
        let packedA = TensorStorage(uninitializedCount: count * m * k)
        let packedB = TensorStorage(uninitializedCount: count * k * n)
        for i in 0..<count {
            tern_pack_bf16_rounded(a + i * strideA, m, k, lda, transposeA ? 1 : 0, packedA.base + i * m * k)
            tern_pack_bf16_rounded(b + i * strideB, k, n, ldb, transposeB ? 1 : 0, packedB.base + i * k * n)
        }
        if count == 1 {
            Gemm.fp32Product(transposeA: false, transposeB: false, m: m, n: n, k: k, alpha: alpha, a: packedA.base, lda: k,
                             b: packedB.base, ldb: n, beta: beta, c: c, ldc: ldc, backend: .oneDNN)
        } else {
            precondition(beta == 0, "batched products overwrite their output")
            Gemm.fp32Batched(count: count, transposeA: false, transposeB: false, m: m, n: n, k: k, alpha: alpha,
                             a: packedA.base, strideA: m * k, lda: k, b: packedB.base, strideB: k * n, ldb: n,
                             c: c, strideC: strideC, ldc: ldc)
        }
        withExtendedLifetime((packedA, packedB)) {}
    }
}
