import Foundation
import TernTensor

/// The process's resident memory from /proc/self/status: the current set (VmRSS) for the progress line, the peak
/// (VmHWM) as /usr/bin/time reports it for benchmarks.
public enum ResidentMemory {
    public static var currentBytes: Int { field("VmRSS:") }
    public static var peakBytes: Int { field("VmHWM:") }

    /// The progress line's figure: resident memory and, of it, the engine's buffer pool (live tensors plus the free
    /// buffers it keeps for reuse), e.g. `mem 1.31 GB (pool 0.84)`.
    public static var progressFigure: String {
        String(format: "mem %.2f GB (pool %.2f)", Double(currentBytes) / 1e9, Double(BufferPool.shared.footprintBytes) / 1e9)
    }

    /// The run's closing line: peak resident memory, and the pool's live high water and bound.
    public static var peakSummary: String {
        let pool = BufferPool.shared
        return String(format: "peak memory %.2f GB resident (VmHWM); engine pool: live tensors peaked at %.2f GB, bound %.2f GB",
                      Double(peakBytes) / 1e9, Double(pool.highWaterLiveBytes) / 1e9, Double(pool.boundBytes) / 1e9)
    }

    /// Gives glibc's free heap pages back to the kernel. Validation's allocations (decoding's many small arrays,
    /// oneDNN's GEMM workspaces) leave free chunks that glibc keeps until asked; training needs none of them.
    public static func returnFreeHeap() { SystemHeap.trim() }

    static func field(_ name: String) -> Int {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
              let line = status.split(separator: "\n").first(where: { $0.hasPrefix(name) }) else { return 0 }
        return (line.split(separator: " ").compactMap { Int($0) }.first ?? 0) * 1024
    }
}
