import ArgumentParser
import Foundation
import TernMPI
import TernTensor
import TernTrain

/// `mpirun -np N tern train …`: the same command on every rank, data parallel (see `DataParallelTraining`). Rank 0
/// prints the progress and the summary; the other ranks print only their own errors.
extension TrainCommand {
    func executeOnRanks(_ launch: MPILaunch) throws {
        // The machine's cores shared by its ranks, unless the config sets `threads`.
        Kernels.setThreads(launch.defaultThreads)
        let world = try MPIWorld.initialize()
        defer { world.finalize() }
        let group = MPIRankGroup(world: world)
        let training = DataParallelTraining(group: group) { error in
            StandardError.line(world.size > 1 ? "error: rank \(world.rank): \(error)" : "error: \(error)")
            return ExitStatus(for: error).rawValue
        }
        let leader = group.isLeader
        let observers = leader ? TrainingRun.standardObservers(write: StandardError.line) : []
        let log: (String) -> Void = leader ? StandardError.line : { _ in }
        let run: TrainingRun
        do {
            if let resume {
                run = try training.resume(path: resume, overrides: overrides, corpora: moveCorpora, observers: observers, log: log)
            } else {
                let paths = TrainingPaths(trainSource: corpora.trainSource!, trainTarget: corpora.trainTarget!,
                                          devSource: corpora.devSource!, devTarget: corpora.devTarget!, output: output!)
                run = try training.start(config: { try configFile() }, paths: paths,
                                         observers: observers, log: log)
            }
        } catch MPIError.leaderFailed(let status) {
            throw ExitCode(status)  // already reported, by rank 0 or by this rank's own report
        }
        let summary = training.run(run)
        if leader {
            var line = "stopped after \(summary.steps) steps (epoch \(summary.epochs)) by \(summary.stoppedBy) on \(world.size) ranks"
            if let v = summary.lastValidation { line += String(format: "; dev BLEU %.2f, chrF %.2f", v.bleu, v.chrF) }
            StandardError.line(line + "; model: \(run.paths.output)")
        }
        if summary.stoppedBy == .interrupted { throw ExitCode(ExitStatus.interrupted.rawValue) }
    }
}
