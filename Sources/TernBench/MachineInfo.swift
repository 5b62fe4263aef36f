import CTernKernels
import Foundation
import TernTensor

/// What the benchmark ran on: the CPU, its measured FMA peak, and what each library chose for it.
public struct MachineInfo {
    public let cpuModel: String
    public let cpuFamilyModel: String
    public let threads: Int
    public let peakAVX512: Double
    public let peakAVX2: Double
    public var peak: Double { max(peakAVX512, peakAVX2) }

    /// Measures the fp32 FMA peak on `threads` threads (about `seconds` per instruction set).
    public static func measure(threads: Int, seconds: Double = 0.5) -> MachineInfo {
        let cpuinfo = (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)) ?? ""
        func field(_ name: String) -> String {
            cpuinfo.split(separator: "\n").first { $0.hasPrefix(name) }?
                .split(separator: ":", maxSplits: 1).last.map { $0.trimmingCharacters(in: .whitespaces) } ?? "?"
        }
        // Best of three short rounds: a shared machine's neighbours lower single readings, never raise them.
        let avx512 = (0..<3).map { _ in tern_fma_peak_gflops(Int32(threads), 1, seconds / 3) }.max()!
        let avx2 = (0..<3).map { _ in tern_fma_peak_gflops(Int32(threads), 0, seconds / 3) }.max()!
        return MachineInfo(cpuModel: field("model name"), cpuFamilyModel: "family \(field("cpu family")) model \(field("model"))",
                           threads: threads, peakAVX512: avx512, peakAVX2: avx2)
    }

    public var report: String {
        """
        CPU: \(cpuModel) (\(cpuFamilyModel)), \(threads) threads
        fp32 FMA peak (\(threads) threads): \(format(peak)) GFLOP/s  [AVX-512 \(format(peakAVX512)), AVX2 \(format(peakAVX2))]
        oneDNN \(Gemm.oneDNNVersion): ISA \(Gemm.oneDNNInstructionSet);  OpenBLAS core: \(Gemm.openBLASCore)
        """
    }
}

func format(_ value: Double, _ digits: Int = 1) -> String { String(format: "%.\(digits)f", value) }
