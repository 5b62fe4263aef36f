import Dispatch
import Foundation

/// Wall time by autograd op, forward and backward (`tern bench train --profile`): where a training step spends the
/// time that is not GEMM. Off by default; on, it costs two clock reads per op.
///
/// An op's backward is timed exactly (its pullback and the accumulation of its input gradients). Its forward is
/// the time since the previous recorded op ended (``mark()`` starts a step), since ops run back to back: it includes
/// the model's own glue code between ops, and ops that record nothing (on constants, or inside a backward pass) fold
/// into the next op that records.
/// Products are inside `linear` and `matmul`; ``GemmProfile`` gives their GEMM time alone.
public enum OpProfile {
    nonisolated(unsafe) public static var isEnabled = false
    nonisolated(unsafe) static var entries: [String: (calls: Int, seconds: Double)] = [:]
    nonisolated(unsafe) static var lastMark: UInt64 = 0

    static func now() -> UInt64 { DispatchTime.now().uptimeNanoseconds }

    /// Starts the forward clock: the first op's forward time counts from here.
    public static func mark() { lastMark = now() }

    static func forwardEnded(_ op: StaticString) {
        let time = now()
        add("\(name(op)) forward", seconds: Double(time &- lastMark) * 1e-9)
        lastMark = time
    }

    static func record(backwardOf op: StaticString, since start: UInt64) {
        let time = now()
        add("\(name(op)) backward", seconds: Double(time &- start) * 1e-9)
        lastMark = time
    }

    /// Adds a phase outside autograd (the optimizer's update, gradient clipping) under `name`.
    public static func measure<R>(_ name: String, _ body: () throws -> R) rethrows -> R {
        guard isEnabled else { return try body() }
        let start = now()
        defer {
            add(name, seconds: Double(now() &- start) * 1e-9)
            lastMark = now()
        }
        return try body()
    }

    /// `layerNorm(_:gamma:beta:epsilon:)` → `layerNorm`.
    static func name(_ op: StaticString) -> String {
        let text = op.description
        return text.firstIndex(of: "(").map { String(text[..<$0]) } ?? text
    }

    static func add(_ key: String, seconds: Double) {
        var entry = entries[key] ?? (0, 0)
        entry.calls += 1
        entry.seconds += seconds
        entries[key] = entry
    }

    public static func reset() { entries = [:] }

    public static var totalSeconds: Double { entries.values.reduce(0) { $0 + $1.seconds } }

    /// Lines "op calls seconds share", slowest first; shares of `total` seconds.
    public static func report(total: Double) -> [String] {
        entries.sorted { $0.value.seconds > $1.value.seconds }.map {
            "\($0.key.padding(toLength: 34, withPad: " ", startingAt: 0)) \(String(repeating: " ", count: max(0, 7 - String($0.value.calls).count)))\($0.value.calls) calls \(String(format: "%8.3f s %5.1f %%", $0.value.seconds, $0.value.seconds / total * 100))"
        }
    }
}
