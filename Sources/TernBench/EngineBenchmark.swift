import Foundation
import TernTensor

/// `tern bench engine`: GEMM through the Tensor API and through the raw library calls, and the fused row kernels
/// beside numpy, all as fractions or ratios taken in this one run.
public struct EngineBenchmark {
    public static let gemmShapes: [(m: Int, n: Int, k: Int)] = [
        (4096, 256, 256), (4096, 1024, 256), (4096, 256, 1024), (4096, 8000, 256), (64, 256, 256), (2048, 2048, 2048),
    ]

    public var threads: Int
    public var budget: Double

    public init(threads: Int, budget: Double = 1.0) {
        self.threads = threads
        self.budget = budget
    }

    public func run(log: (String) -> Void) {
        Kernels.setThreads(threads)
        let machine = MachineInfo.measure(threads: threads)
        log(machine.report)
        log(Self.precisionReport(PrecisionProbe.measure(seconds: budget / 3)))
        log("")
        log("GEMM (M, N, K)          Tensor API   oneDNN raw   OpenBLAS raw   API/peak  raw/peak  API/raw")
        var generator = SeededGenerator(seed: 1)
        for shape in Self.gemmShapes {
            let a = Tensor.uniform([shape.m, shape.k], low: -1, high: 1, generator: &generator)
            let b = Tensor.uniform([shape.k, shape.n], low: -1, high: 1, generator: &generator)
            let flops = 2.0 * Double(shape.m) * Double(shape.n) * Double(shape.k)
            var c = [Float](repeating: 0, count: shape.m * shape.n)
            func raw(_ backend: GemmBackend, _ budget: Double) -> Double {
                a.withUnsafeBufferPointer { pa in
                    b.withUnsafeBufferPointer { pb in
                        c.withUnsafeMutableBufferPointer { pc in
                            flops / Stopwatch.median(budget: budget) {
                                Gemm.sgemm(transposeA: false, transposeB: false, m: shape.m, n: shape.n, k: shape.k,
                                           a: pa.baseAddress!, lda: shape.k, b: pb.baseAddress!, ldb: shape.n,
                                           c: pc.baseAddress!, ldc: shape.n, backend: backend)
                            } * 1e-9
                        }
                    }
                }
            }
            // Shared machines are noisy: the three ways take turns for three rounds and each keeps its best round.
            var api = 0.0, oneDNN = 0.0, openBLAS = 0.0
            for _ in 0..<3 {
                api = max(api, flops / Stopwatch.median(budget: budget / 3) { _ = matmul(a, b) } * 1e-9)
                oneDNN = max(oneDNN, raw(.oneDNN, budget / 3))
                openBLAS = max(openBLAS, raw(.openBLAS, budget / 3))
            }
            let name = "(\(shape.m), \(shape.n), \(shape.k))".padding(toLength: 22, withPad: " ", startingAt: 0)
            log("\(name) \(pad(format(api), 10)) \(pad(format(oneDNN), 12)) \(pad(format(openBLAS), 14))   \(pad(percent(api / machine.peak), 7)) \(pad(percent(oneDNN / machine.peak), 9)) \(pad(percent(api / oneDNN), 8))")
        }
        attentionProducts(log: log, generator: &generator)
        log("")
        rowKernels(log: log, generator: &generator)
    }

    /// What lower precision buys here: oneDNN's products of a large square shape in fp32, bf16 (matmul primitive,
    /// fp32 accumulation) and int8 (`dnnl_gemm_u8s8s32`), and what training's `precision: auto` picks from them.
    static func precisionReport(_ probe: PrecisionProbe) -> String {
        let n = PrecisionProbe.size
        let bf16 = probe.bf16GFLOPS.map { "\(format($0)) GFLOP/s (\(format($0 / probe.fp32GFLOPS, 2))× fp32)" }
            ?? "unavailable (oneDNN \(Gemm.oneDNNVersion) has no bf16 matmul for \(Gemm.oneDNNInstructionSet))"
        let int8 = probe.int8GOPS.map { "\(format($0)) GOP/s (\(format($0 / probe.fp32GFLOPS, 2))× fp32)" } ?? "unavailable"
        return "oneDNN \(n)³ products: fp32 \(format(probe.fp32GFLOPS)) GFLOP/s · bf16 \(bf16) · bf16 emulated (rounded operands, fp32 GEMM) "
            + "\(format(probe.emulatedBF16GFLOPS)) GFLOP/s (\(format(probe.emulatedBF16GFLOPS / probe.fp32GFLOPS, 2))× fp32) · int8 u8×s8 \(int8)\n"
            + "training's precision auto → \(probe.choice.precision.rawValue): \(probe.choice.reason)"
    }

    /// Attention's per-head products for transformer-small training batches (128 sentences × 4 heads, 32 positions,
    /// head size 64): scores QKᵀ and context P·V, through the Tensor API with oneDNN's batched matmul primitive, with
    /// the GEMMs spread over the threads, and as raw dnnl_sgemm calls one after another.
    func attentionProducts(log: (String) -> Void, generator: inout SeededGenerator) {
        let (batch, time, head) = (512, 32, 64)
        let q = Tensor.uniform([batch, time, head], low: -1, high: 1, generator: &generator)
        let k = Tensor.uniform([batch, time, head], low: -1, high: 1, generator: &generator)
        let p = Tensor.uniform([batch, time, time], low: 0, high: 1, generator: &generator)
        let flops = 2.0 * Double(batch * time * time * head)
        let cases: [(String, () -> Tensor, Bool, Int, Int, Int)] = [
            ("QKᵀ", { matmul(q, k, transposeB: true) }, true, time, time, head),
            ("P·V", { matmul(p, k) }, false, time, head, time),
        ]
        for (name, product, transposeB, m, n, kk) in cases {
            Gemm.useBatchedPrimitive = true
            let primitive = flops / Stopwatch.median(budget: budget) { _ = product() } * 1e-9
            Gemm.useBatchedPrimitive = false
            let spread = flops / Stopwatch.median(budget: budget) { _ = product() } * 1e-9
            Gemm.useBatchedPrimitive = true
            let a = transposeB ? q : p
            var c = [Float](repeating: 0, count: batch * m * n)
            let serial = a.withUnsafeBufferPointer { pa in
                k.withUnsafeBufferPointer { pk in
                    c.withUnsafeMutableBufferPointer { pc in
                        flops / Stopwatch.median(budget: budget) {
                            for i in 0..<batch {
                                Gemm.sgemm(transposeA: false, transposeB: transposeB, m: m, n: n, k: kk,
                                           a: pa.baseAddress! + i * m * kk, lda: kk, b: pk.baseAddress! + i * time * head,
                                           ldb: head, c: pc.baseAddress! + i * m * n, ldc: n)
                            }
                        } * 1e-9
                    }
                }
            }
            log("attention \(name) 512 × (\(m)×\(n)×\(kk)) GFLOP/s: matmul primitive \(format(primitive)), GEMMs spread over threads \(format(spread)), raw dnnl_sgemm one by one \(format(serial))")
        }
    }

    /// GB/s of softmax (4096×8000) and layer norm (4096×256), forward and backward, counting each tensor read or
    /// written once; numpy's equivalent in the same run when python3 and numpy are present.
    func rowKernels(log: (String) -> Void, generator: inout SeededGenerator) {
        let softmaxInput = Tensor.uniform([4096, 8000], low: -4, high: 4, generator: &generator)
        let softmaxGrad = Tensor.uniform([4096, 8000], low: -1, high: 1, generator: &generator)
        let lnInput = Tensor.uniform([4096, 256], low: -2, high: 2, generator: &generator)
        let lnGrad = Tensor.uniform([4096, 256], low: -1, high: 1, generator: &generator)
        let gamma = Tensor.uniform([256], low: 0.5, high: 1.5, generator: &generator)
        let beta = Tensor.uniform([256], low: -0.5, high: 0.5, generator: &generator)

        func gbps(_ tensors: Int, _ count: Int, _ seconds: Double) -> Double { Double(tensors * count * 4) / seconds * 1e-9 }
        let softmaxCount = softmaxInput.count, lnCount = lnInput.count
        let softmaxForward = gbps(2, softmaxCount, Stopwatch.median(budget: budget) { _ = softmaxInput.softmax() })
        let softmaxLeaf = softmaxInput.requiringGrad()
        let softmaxBackward = gbps(3, softmaxCount, Stopwatch.median(budget: budget) {
            let y = softmaxLeaf.softmax()
            y.backward(seed: softmaxGrad)
        } - Stopwatch.median(budget: budget) { _ = softmaxLeaf.softmax() })
        let lnForward = gbps(2, lnCount, Stopwatch.median(budget: budget) { _ = layerNorm(lnInput, gamma: gamma, beta: beta) })
        let lnLeaf = lnInput.requiringGrad()
        let lnBackward = gbps(3, lnCount, Stopwatch.median(budget: budget) {
            layerNorm(lnLeaf, gamma: gamma, beta: beta).backward(seed: lnGrad)
        } - Stopwatch.median(budget: budget) { _ = layerNorm(lnLeaf, gamma: gamma, beta: beta) })

        let numpy = NumpyReference.rowKernels()
        log("row kernels (GB/s)            Tern     numpy    Tern/numpy")
        let rows: [(String, Double, String)] = [
            ("softmax 4096×8000 forward", softmaxForward, "softmax_forward"),
            ("softmax 4096×8000 backward", softmaxBackward, "softmax_backward"),
            ("layer norm 4096×256 forward", lnForward, "layernorm_forward"),
            ("layer norm 4096×256 backward", lnBackward, "layernorm_backward"),
        ]
        for (name, tern, key) in rows {
            let reference = numpy?[key]
            log("\(name.padding(toLength: 29, withPad: " ", startingAt: 0)) \(pad(format(tern), 6)) \(pad(reference.map { format($0) } ?? "n/a", 9)) \(pad(reference.map { format(tern / $0, 2) + "×" } ?? "", 12))")
        }
        if numpy == nil { log("(numpy not found: install python3-numpy to compare in the same run)") }
    }
}

func pad(_ text: String, _ width: Int) -> String {
    text.count >= width ? text : String(repeating: " ", count: width - text.count) + text
}

func percent(_ fraction: Double) -> String { format(fraction * 100) + " %" }
