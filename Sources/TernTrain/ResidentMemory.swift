import Foundation

/// The process's resident memory from /proc/self/status: the current set (VmRSS) for the progress line, the peak
/// (VmHWM) as /usr/bin/time reports it for benchmarks.
public enum ResidentMemory {
    public static var currentBytes: Int { field("VmRSS:") }
    public static var peakBytes: Int { field("VmHWM:") }

    static func field(_ name: String) -> Int {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
              let line = status.split(separator: "\n").first(where: { $0.hasPrefix(name) }) else { return 0 }
        return (line.split(separator: " ").compactMap { Int($0) }.first ?? 0) * 1024
    }
}
