import Foundation

/// Ctrl-C during training: the first SIGINT (or SIGTERM) only raises a flag that the training loop checks between
/// steps, so it can save a checkpoint and exit cleanly; a second one ends the process at once.
public enum InterruptFlag {
    nonisolated(unsafe) private static var raised: sig_atomic_t = 0
    nonisolated(unsafe) private static var sources: [DispatchSourceSignal] = []

    public static var isRaised: Bool { raised != 0 }

    /// Installs the handlers (idempotent).
    public static func install() {
        guard sources.isEmpty else { return }
        for signalNumber in [SIGINT, SIGTERM] {
            signal(signalNumber, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: .global())
            source.setEventHandler {
                if raised != 0 { exit(130) }
                raised = 1
                FileHandle.standardError.write("\ninterrupted: saving a checkpoint after this step (press Ctrl-C again to quit now)\n".data(using: .utf8)!)
            }
            source.resume()
            sources.append(source)
        }
    }

    /// For tests: raise or clear the flag as a signal would.
    public static func set(_ value: Bool) { raised = value ? 1 : 0 }
}
