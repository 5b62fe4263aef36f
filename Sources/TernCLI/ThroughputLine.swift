import Foundation

/// A progress line on stderr for a long pass over data: count, rate and ETA, redrawn at most twice a second; a
/// pass shorter than half a second draws nothing.
struct ThroughputLine {
    let unit: String
    private let start = Date()
    private var lastDraw = Date()
    private var drawn = false

    init(unit: String) { self.unit = unit }

    /// - Parameters: `done` items so far; `fraction` of the whole work done (for the ETA).
    mutating func report(done: Int, fraction: Double) {
        let now = Date()
        guard now.timeIntervalSince(lastDraw) >= 0.5 else { return }
        lastDraw = now
        let elapsed = now.timeIntervalSince(start)
        let rate = elapsed > 0 ? Double(done) / elapsed : 0
        let eta = fraction > 0 ? elapsed * (1 - fraction) / fraction : .infinity
        let text = String(format: "\r%d %@ (%.0f%%), %.0f %@/s, ETA %.0f s   ", done, unit, 100 * fraction, rate, unit, eta.isFinite ? eta : 0)
        FileHandle.standardError.write(Data(text.utf8))
        drawn = true
    }

    /// Ends the line, if one was drawn.
    func finish() {
        if drawn { FileHandle.standardError.write(Data("\n".utf8)) }
    }
}
