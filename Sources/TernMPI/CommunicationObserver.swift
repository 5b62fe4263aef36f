import Foundation
import TernTrain

/// Rank 0's line under the progress line every `log_every` steps: how many ranks, the share of step time spent
/// summing gradients and broadcasting (waiting for a slower rank included), and the gradient volume of an update.
/// The progress line's tokens/s are already the global figure: a step reports the tokens of all ranks.
///
/// Step time runs from one step's end to the next, so validations and checkpoints, which rank 0 does alone, are
/// left out (their time is restarted at each saved checkpoint).
public final class CommunicationObserver: TrainingObserver {
    let group: MPIRankGroup
    let write: (String) -> Void
    private var mark = Date()
    private var stepSeconds = 0.0
    private var communicationAtStart = 0.0
    private var steps = 0

    public init(group: MPIRankGroup, write: @escaping (String) -> Void) {
        self.group = group
        self.write = write
    }

    public func runStarted(_ run: TrainingRun) {
        write("data parallel: \(group.size) ranks (\(group.world.version)); each update is \(run.settings.accumulate) batches of "
              + "\(run.settings.batchTokens) tokens, \(run.settings.accumulate / group.size) per rank"
              + (run.settings.accumulate % group.size == 0 ? "" : " (uneven: some ranks take one more)"))
        restart()
    }

    public func stepFinished(_ step: StepReport, run: TrainingRun) {
        let now = Date()
        stepSeconds += now.timeIntervalSince(mark)
        mark = now
        steps += 1
        guard step.step % run.settings.logEvery == 0, stepSeconds > 0 else { return }
        let communication = group.communicationSeconds - communicationAtStart
        let exchange = group.lastExchange
        write(String(format: "  %d ranks: communication %.1f %% of step time (%.3f of %.3f s per step) · all-reduce %.1f MB per update in %d calls",
                     group.size, 100 * communication / stepSeconds, communication / Double(steps), stepSeconds / Double(steps),
                     Double(exchange.bytes) / 1e6, exchange.calls))
        restart()
    }

    public func checkpointSaved(step: Int, run: TrainingRun) { mark = Date() }

    private func restart() {
        (mark, stepSeconds, steps) = (Date(), 0, 0)
        communicationAtStart = group.communicationSeconds
    }
}
