import ArgumentParser
import Foundation
import TernDecode
import TernInference
import TernTensor
import TernViz

/// `--model` and `--checkpoint`, for every command that loads a trained model.
struct ModelOptions: ParsableArguments {
    @Option(help: "Model file written by `tern train`.")
    var model: String?
    @Option(help: "Which weights: best, last or a step number.")
    var checkpoint: CheckpointChoice = .best

    /// For commands where the model is not optional.
    func requireModel() throws -> String {
        guard let model else { throw ValidationError("Missing --model FILE: the model file written by `tern train`.") }
        return model
    }

    func load() throws -> ModelBundle { try ModelBundle.load(path: try requireModel(), checkpoint: checkpoint) }
}

/// How to search: the same options and defaults for translate, attention and evaluate.
struct SearchOptions: ParsableArguments {
    @Option(help: "Beam size (1 = greedy search).")
    var beam = 5
    @Option(name: .customLong("length-penalty"), help: "GNMT length penalty α for beam search (0 = none).")
    var lengthPenalty: Float = 0.6
    @Option(name: .customLong("max-length-ratio"), help: "Longest output, as a multiple of the source length (plus 10).")
    var maxLengthRatio: Float = 1.5
    @Option(name: .customLong("no-repeat-ngram"), help: "Never emit the same n-gram of this size twice (0 = off).")
    var noRepeatNgram = 0
    @Option(name: .customLong("repetition-penalty"), help: "Penalise tokens already emitted (CTranslate2's rule; 1 = off).")
    var repetitionPenalty: Float = 1
    @Option(help: "float32, or int8 (weights per output channel, activations per row; Transformer only). Default: how the model file stores its weights (int8 for an int8 export, else float32).")
    var compute: ComputeType?

    func validate() throws {
        guard beam >= 1 else { throw ValidationError("--beam must be at least 1, got \(beam)") }
        guard lengthPenalty >= 0 else { throw ValidationError("--length-penalty must be ≥ 0, got \(lengthPenalty)") }
        guard maxLengthRatio > 0 else { throw ValidationError("--max-length-ratio must be positive, got \(maxLengthRatio)") }
        guard noRepeatNgram >= 0 else { throw ValidationError("--no-repeat-ngram must be ≥ 0, got \(noRepeatNgram)") }
        guard repetitionPenalty > 0 else { throw ValidationError("--repetition-penalty must be positive, got \(repetitionPenalty)") }
    }

    func settings(nBest: Int = 1) -> SearchSettings {
        var settings = SearchSettings(beamSize: beam, lengthPenalty: lengthPenalty, maxLengthRatio: maxLengthRatio, nBest: nBest)
        settings.noRepeatNgram = noRepeatNgram
        settings.repetitionPenalty = repetitionPenalty
        return settings
    }

    /// Prepares the loaded model for `--compute` (int8 quantises its weights once).
    func prepare(_ bundle: ModelBundle) throws {
        try bundle.prepare(compute: compute)
    }
}

/// `--batch-size`, for commands that translate many lines at once.
struct BatchOptions: ParsableArguments {
    @Option(name: .customLong("batch-size"), help: "Sentences per batch (sorted by length).")
    var batchSize = 32

    func validate() throws {
        guard batchSize >= 1 else { throw ValidationError("--batch-size must be at least 1, got \(batchSize)") }
    }
}

/// `--threads`, for every command that runs the engine.
struct ThreadOptions: ParsableArguments {
    @Option(help: "Threads for the engine (default: all cores).")
    var threads: Int?

    func validate() throws {
        if let threads, threads < 1 { throw ValidationError("--threads must be at least 1, got \(threads)") }
    }

    func apply() { if let threads { Kernels.setThreads(threads) } }
}

extension CheckpointChoice: ExpressibleByArgument {
    public init?(argument: String) { self.init(argument) }
    public var defaultValueDescription: String { description }
}

extension AttentionSelection.Kind: ExpressibleByArgument {}

extension ComputeType: ExpressibleByArgument {}

extension AttentionSelection.LayerChoice: ExpressibleByArgument {
    public init?(argument: String) { try? self.init(argument) }
}

extension AttentionSelection.HeadChoice: ExpressibleByArgument {
    public init?(argument: String) { try? self.init(argument) }
}

/// `--format`: one image format, or both.
enum ImageFormatChoice: String, CaseIterable, ExpressibleByArgument {
    case png, svg, both

    var formats: [ImageFormat] {
        switch self {
        case .png: return [.png]
        case .svg: return [.svg]
        case .both: return [.png, .svg]
        }
    }
}
