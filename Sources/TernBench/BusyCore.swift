import Foundation

/// A process that keeps one core busy while a benchmark runs (`tern bench translate --busy`): a shell loop, as a
/// training run or a build would be; started by ``start()`` and stopped by ``stop()`` (by its own process id).
public final class BusyCore {
    private let process = Process()

    public init() {}

    public func start() throws {
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", "while :; do :; done"]
        try process.run()
        Thread.sleep(forTimeInterval: 0.5)  // let it take its core
    }

    public func stop() {
        guard process.isRunning else { return }
        process.terminate()
        process.waitUntilExit()
    }

    deinit { stop() }
}
