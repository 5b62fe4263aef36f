import Foundation
import TernTrain

/// `tern train` under `mpirun`: every rank ends up with the same ``TrainingRun``, shared through an
/// ``MPIRankGroup``. Rank 0 starts or resumes it exactly as one process would — it alone reads the corpora and the
/// model file — then hands it to the others (``TrainingRun/lead(_:)``, ``TrainingRun/follow(_:observers:)``).
///
/// The global batch: `accumulate` in the model file counts the batches of one update over all ranks. A new run
/// with N ranks stores N × the configured `accumulate` (each rank takes `accumulate` batches per update, as its
/// config says), so the file describes the same training whatever N resumes it: one process alone, or any number of
/// ranks; a rank count that divides `accumulate` shares the work evenly.
///
/// Failures: an error while rank 0 starts the run (bad config, missing corpus, existing output) reaches every rank
/// before any of them trains, and all exit with its status; an error later, on any rank, ends the whole job at once
/// (`MPI_Abort`), because the other ranks wait in a sum that can no longer complete. Either way the model file
/// keeps its last complete checkpoint.
public struct DataParallelTraining {
    public let group: MPIRankGroup
    /// Prints an error of this rank and gives the exit status for it (the CLI's one error path).
    let report: (Error) -> Int32

    public init(group: MPIRankGroup, report: @escaping (Error) -> Int32) {
        self.group = group
        self.report = report
    }

    var world: MPIWorld { group.world }

    /// A new run: rank 0 reads the config (`config` is called there only) and creates the model file.
    /// `observers` are rank 0's.
    public func start(config: () throws -> ConfigFile, paths: TrainingPaths, observers: [TrainingObserver],
                      log: @escaping (String) -> Void) throws -> TrainingRun {
        try establish {
            var config = try config()
            config.training.accumulate *= group.size
            return try TrainingRun.start(config: config, paths: paths, observers: observers, log: log)
        }
    }

    /// A stored run, continued by every rank from rank 0's latest checkpoint; any number of ranks may resume it.
    public func resume(path: String, overrides: [String], corpora: @escaping (inout TrainingPaths) -> Void,
                       observers: [TrainingObserver], log: @escaping (String) -> Void) throws -> TrainingRun {
        try establish {
            try TrainingRun.resume(path: path, overrides: overrides, corpora: corpora, observers: observers, log: log)
        }
    }

    /// Rank 0 makes the run and tells the others whether it could (its error's exit status, or 0); then hands it over.
    private func establish(_ make: () throws -> TrainingRun) throws -> TrainingRun {
        if group.isLeader {
            let run: TrainingRun
            do {
                run = try make()
            } catch {
                let status = report(error)
                _ = try world.broadcast(withUnsafeBytes(of: status.littleEndian) { Array($0) })
                throw MPIError.leaderFailed(status: status)
            }
            _ = try world.broadcast(withUnsafeBytes(of: Int32(0).littleEndian) { Array($0) })
            run.add(CommunicationObserver(group: group, write: { FileHandle.standardError.write(Data(($0 + "\n").utf8)) }))
            return orAbort { try run.lead(group); return run }
        }
        let status = try world.broadcast([]).withUnsafeBytes { Int32(littleEndian: $0.loadUnaligned(as: Int32.self)) }
        guard status == 0 else { throw MPIError.leaderFailed(status: status) }
        return orAbort { try TrainingRun.follow(group) }
    }

    /// Trains to the end on every rank; an error on any rank ends the job.
    ///
    /// Ctrl-C reaches the ranks as SIGTERM from `mpirun` (and as SIGINT from the terminal). Rank 0 treats it as one
    /// process does: it finishes the step, saves a checkpoint and tells the others to stop. The others ignore it and
    /// stop with rank 0, at the same step; `mpirun` kills whatever is left a second later unless
    /// `--mca odls_base_sigkill_timeout` gives more time.
    public func run(_ run: TrainingRun) -> TrainingSummary {
        if group.isLeader {
            InterruptFlag.install()
            explainSIGTERM(modelPath: run.paths.output)
        } else {
            signal(SIGINT, SIG_IGN)
            signal(SIGTERM, SIG_IGN)
        }
        return orAbort {
            let summary = try run.run()
            // The last epoch ends on every rank at once, and rank 0 then validates alone: the others wait here,
            // asleep, rather than spin in MPI_Finalize.
            _ = try world.broadcast([])
            return summary
        }
    }

    /// `body`'s result, or — after reporting its error — the end of the whole job.
    private func orAbort<T>(_ body: () throws -> T) -> T {
        do {
            return try body()
        } catch {
            world.abort(status: report(error))
        }
    }

    /// `mpirun` answers Ctrl-C, and a rank that dies, by sending SIGTERM to every rank and SIGKILL a second later
    /// (`odls_base_sigkill_timeout`): rank 0 says what that means for the model file.
    private func explainSIGTERM(modelPath: String) {
        let source = DispatchSource.makeSignalSource(signal: SIGTERM, queue: .global())
        let size = group.size
        source.setEventHandler {
            FileHandle.standardError.write(Data("""
                rank 0: SIGTERM from mpirun (Ctrl-C, or another rank failed): a checkpoint follows if this step ends before \
                mpirun's SIGKILL; either way the model file keeps its last complete checkpoint: continue with \
                `mpirun -np \(size) tern train --resume \(modelPath)`

                """.utf8))
        }
        source.resume()
        Self.signalSources.append(source)
    }

    nonisolated(unsafe) private static var signalSources: [DispatchSourceSignal] = []
}
