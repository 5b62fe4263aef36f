import Dispatch
import Foundation

/// Wall time by named phase (`tern bench translate --profile`: model step, log-softmax, top-k, state reorder…),
/// the coarse view that ``GemmProfile`` refines by GEMM shape. Off by default: a phase costs two clock reads.
///
/// Phases may nest (a model step contains its attention); each phase's time includes its children's.
public enum PhaseProfile {
    nonisolated(unsafe) public static var isEnabled = false
    nonisolated(unsafe) static var entries: [String: (calls: Int, seconds: Double)] = [:]

    /// Runs `body`, adding its wall time to `phase` when profiling is on.
    @inline(__always)
    public static func measure<R>(_ phase: String, _ body: () throws -> R) rethrows -> R {
        guard isEnabled else { return try body() }
        let start = DispatchTime.now().uptimeNanoseconds
        defer {
            var entry = entries[phase] ?? (0, 0)
            entry.calls += 1
            entry.seconds += Double(DispatchTime.now().uptimeNanoseconds - start) * 1e-9
            entries[phase] = entry
        }
        return try body()
    }

    public static func reset() { entries = [:] }

    /// Lines "phase calls seconds", slowest first.
    public static var report: [String] {
        entries.sorted { $0.value.seconds > $1.value.seconds }.map {
            "\($0.key.padding(toLength: 28, withPad: " ", startingAt: 0)) \(String(repeating: " ", count: max(0, 8 - String($0.value.calls).count)))\($0.value.calls) calls \(String(format: "%8.3f", $0.value.seconds)) s"
        }
    }
}

extension GemmProfile {
    /// Total seconds of all recorded GEMM calls.
    public static var totalSeconds: Double { entries.values.reduce(0) { $0 + $1.seconds } }
}
