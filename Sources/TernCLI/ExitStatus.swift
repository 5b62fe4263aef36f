import ArgumentParser
import Foundation
import TernData
import TernEval
import TernInference
import TernMPI
import TernModels
import TernStore
import TernTensorBoard
import TernText
import TernTrain
import TernTune

/// The exit codes of every `tern` command (sysexits.h), and the one place that decides which error gets which.
/// ArgumentParser's own usage errors (unknown option, bad value, a failed `validate()`) exit with 64 as well.
enum ExitStatus: Int32 {
    /// EX_USAGE: a bad option, setting or combination; nothing was read.
    case usage = 64
    /// EX_DATAERR: an input exists but is wrong (invalid UTF-8, differing line counts, a damaged model file).
    case data = 65
    /// EX_NOINPUT: an input file does not exist or cannot be opened.
    case noInput = 66
    /// EX_UNAVAILABLE: something the command needs is not installed (Open MPI, under mpirun).
    case unavailable = 69
    /// EX_SOFTWARE: a failure inside Tern; please report it.
    case software = 70
    /// EX_CANTCREAT: an output file cannot be written.
    case cannotCreate = 73
    /// 128 + SIGINT: stopped by Ctrl-C (training saves a checkpoint first).
    case interrupted = 130

    /// The status for an error thrown by a command.
    init(for error: Error) {
        switch error {
        case let error as TextError: self = ExitStatus.of(error)
        case let error as DataCheckError: self = ExitStatus.of(error)
        case let error as StoreError: self = ExitStatus.of(error)
        case let error as InferenceError: self = ExitStatus.of(error)
        case let error as ExportError: self = ExitStatus.of(error)
        case let error as TrainingError: self = ExitStatus.of(error)
        case let error as EvaluationError: self = ExitStatus.of(error)
        case let error as TensorBoardError: self = ExitStatus.of(error)
        case let error as MPIError: self = ExitStatus.of(error)
        case let error as TuneError: self = ExitStatus.of(error)
        case is ModelConfigError, is AttentionExportError, is ComputeError, is ValidationError: self = .usage
        default: self = .software
        }
    }

    static func of(_ error: TextError) -> ExitStatus {
        switch error {
        case .unreadableFile: return .noInput
        case .unwritableFile: return .cannotCreate
        case .invalidUTF8, .emptyFile, .lineCountMismatch, .invalidMerges, .invalidVocabulary, .malformedLine: return .data
        }
    }

    static func of(_ error: DataCheckError) -> ExitStatus {
        switch error {
        case .unreadableFile: return .noInput
        case .unwritableFile: return .cannotCreate
        case .invalidThreshold: return .usage
        }
    }

    static func of(_ error: StoreError) -> ExitStatus {
        switch error {
        case .fileNotFound: return .noInput
        case .fileExists: return .cannotCreate
        case .notSQLite, .notATernModel, .newerFormat, .corrupted, .tensorSizeMismatch, .missingCheckpoint: return .data
        case .invalidArgument, .readOnly, .busy, .closed, .sqlite: return .software
        }
    }

    static func of(_ error: InferenceError) -> ExitStatus {
        switch error {
        case .modelNotFound: return .noInput
        case .noSuchCheckpoint: return .usage
        case .unreadableConfig, .separateVocabularies, .noCheckpoint, .incompatibleCheckpoint: return .data
        }
    }

    static func of(_ error: ExportError) -> ExitStatus {
        switch error {
        case .outputExists: return .cannotCreate
        case .tooFewCheckpoints, .averageWithCheckpoint, .badAverage: return .usage
        case .checkpointsDiffer: return .data
        }
    }

    static func of(_ error: TrainingError) -> ExitStatus {
        switch error {
        case .invalidSetting, .badOverride: return .usage
        case .missingFile: return .noInput
        case .badConfigFile, .data, .resume: return .data
        case .ranks: return .software
        }
    }

    static func of(_ error: MPIError) -> ExitStatus {
        switch error {
        case .libraryMissing, .symbolMissing, .unsupportedLauncher: return .unavailable
        case .call: return .software
        case let .leaderFailed(status): return ExitStatus(rawValue: status) ?? .software
        }
    }

    static func of(_ error: EvaluationError) -> ExitStatus {
        switch error {
        case .fileNotFound, .unreadableFile: return .noInput
        case .lineCountMismatch, .fileLineCountMismatch, .sourceCountMismatch, .sourceFileLineCountMismatch, .invalidUTF8:
            return .data
        case .unknownMetric, .noMetrics: return .usage
        }
    }

    static func of(_ error: TuneError) -> ExitStatus {
        switch error {
        case .missingSpace, .missingStudy: return .noInput
        case .badSpace, .badStudy: return .data
        case .studyExists, .storage: return .cannotCreate
        }
    }

    static func of(_ error: TensorBoardError) -> ExitStatus {
        switch error {
        case .cannotCreate, .cannotWrite: return .cannotCreate
        case .fileNotFound: return .noInput
        case .damagedRecord: return .data
        }
    }
}

/// A `tern` command whose errors all leave the same way: `error: MESSAGE` on stderr and the ``ExitStatus`` for it.
protocol TernCommand: ParsableCommand {
    /// The command's work; anything it throws is reported by `run()`.
    func execute() throws
}

extension TernCommand {
    func run() throws {
        do {
            try execute()
        } catch let exit as ExitCode {
            throw exit
        } catch let error as ValidationError {
            throw error  // ArgumentParser prints it with the usage line and exits with 64
        } catch {
            StandardError.line("error: \(error)")
            throw ExitCode(ExitStatus(for: error).rawValue)
        }
    }
}
