import Foundation
import TernEval
import TernModels
import TernStore
import TernTensor

/// What `tern export` writes: one checkpoint (or the mean of the newest few), in Float32 or int8.
public struct ExportSettings: Sendable {
    /// Which checkpoint; nil is `best`, or the newest when averaging.
    public var checkpoint: CheckpointChoice?
    /// `.int8` stores every weight matrix as int8 rows (``Int8Weights``); Transformer only.
    public var compute: ComputeType
    /// Average the parameters of the newest `average` checkpoints (1: no averaging).
    public var average: Int
    /// Copy the training log, per-layer statistics and histograms as well.
    public var keepLog: Bool

    public init(checkpoint: CheckpointChoice? = nil, compute: ComputeType = .float32, average: Int = 1, keepLog: Bool = false) {
        (self.checkpoint, self.compute, self.average, self.keepLog) = (checkpoint, compute, average, keepLog)
    }
}

/// What an export wrote.
public struct ExportSummary: Sendable {
    /// The steps of the checkpoints whose weights it holds (several when averaged), oldest first.
    public var steps: [Int]
    public var compute: ComputeType
    public var parameterCount: Int
    /// The size of the written file.
    public var fileBytes: Int
    /// The parameters' size in Float32, 4 bytes each: what the file size is compared with.
    public var float32Bytes: Int { 4 * parameterCount }
}

/// Why an export was refused.
public enum ExportError: Error, CustomStringConvertible, Equatable {
    case outputExists(path: String)
    case tooFewCheckpoints(path: String, asked: Int, stored: [Int])
    case averageWithCheckpoint
    case badAverage(Int)
    case checkpointsDiffer(path: String, reason: String)

    public var description: String {
        switch self {
        case let .outputExists(path):
            return "\(path) already exists; refusing to overwrite it (choose another --output or move the file away)"
        case let .tooFewCheckpoints(path, asked, stored):
            return "--average \(asked): \(path) holds \(stored.count) checkpoint\(stored.count == 1 ? "" : "s") "
                + "(steps \(stored.map(String.init).joined(separator: ", "))); train with --set keep_last=\(asked) to keep enough"
        case .averageWithCheckpoint:
            return "--average averages the newest checkpoints; it cannot be combined with --checkpoint"
        case let .badAverage(count):
            return "--average must be at least 1, got \(count)"
        case let .checkpointsDiffer(path, reason):
            return "the checkpoints of \(path) cannot be averaged: \(reason)"
        }
    }
}

/// `tern export`: a model file fit to ship — the config, vocabulary and merges, and one set of weights; no optimizer
/// state, no resume state, no training log unless asked. Written into a fresh file with small pages (no free pages,
/// little waste after each tensor); `meta` records where it came from and how its weights are stored
/// (``computeKey``), and `tern train --resume` refuses it (``sourceKey``).
public enum ModelExport {
    /// `meta` key: `float32` or `int8`, how the weights are stored; also the compute type the model runs in by default.
    public static let computeKey = "compute"
    /// `meta` key: the path of the model file it was exported from. Only exports have it.
    public static let sourceKey = "exported_from"
    /// `meta` key: the steps of the checkpoints it holds (comma-separated; several when averaged).
    public static let stepsKey = "exported_steps"

    public static func write(from source: String, to output: String, settings: ExportSettings) throws -> ExportSummary {
        guard settings.average >= 1 else { throw ExportError.badAverage(settings.average) }
        guard settings.average == 1 || settings.checkpoint == nil else { throw ExportError.averageWithCheckpoint }
        guard FileManager.default.fileExists(atPath: source) else { throw InferenceError.modelNotFound(path: source) }
        guard !FileManager.default.fileExists(atPath: output) else { throw ExportError.outputExists(path: output) }
        let file = try ModelFile(openingAt: source, access: .readOnly)
        defer { file.close() }
        let sections = try file.configSections(training: CheckpointRanking.self)
        if settings.compute == .int8 && sections.model.family != .transformer {
            throw ComputeError.unsupportedCompute(.int8, family: sections.model.family.rawValue)
        }
        let subwords = try file.subwordModels(config: sections.subword)
        let (chosen, stored) = try weights(of: file, settings: settings, metric: sections.training.metric)
        // The model checks names and shapes against the config, and gives back its parameters in its own order.
        let model = try ModelFactory.make(sections.model, sourceVocabularySize: subwords.source.vocabulary.count,
                                          targetVocabularySize: subwords.target.vocabulary.count)
        try model.loadParameters(stored, from: source)
        var parameters = model.storedParameters()
        if settings.compute == .int8 { parameters = parameters.map(Int8Weights.quantized) }

        let exported = try ModelFile.create(at: output, configJSON: try file.configJSON(), pageSize: ModelFile.exportPageSize)
        do {
            try exported.setJointVocabulary(try file.vocabulary(.source))
            try exported.setMerges(try file.merges())
            try exported.setMeta(computeKey, settings.compute.rawValue)
            try exported.setMeta(sourceKey, source)
            try exported.setMeta(stepsKey, chosen.map { String($0.step) }.joined(separator: ","))
            let newest = chosen[chosen.count - 1]
            let contents = CheckpointContents(step: newest.step, epoch: newest.epoch, kind: .best,
                                              metrics: chosen.count == 1 ? newest.metrics : [:], parameters: parameters)
            if settings.keepLog {
                try exported.saveCheckpoint(contents, logEntries: try file.trainingLog(), statistics: try file.layerStatistics(),
                                            histograms: try file.histograms())
            } else {
                try exported.saveCheckpoint(contents)
            }
            exported.close()
        } catch {
            exported.close()
            for suffix in ["", "-wal", "-shm"] { unlink(output + suffix) }
            throw error
        }
        let bytes = (try? FileManager.default.attributesOfItem(atPath: output)[.size] as? NSNumber)?.intValue ?? 0
        return ExportSummary(steps: chosen.map(\.step), compute: settings.compute,
                             parameterCount: parameters.reduce(0) { $0 + $1.values.count }, fileBytes: bytes)
    }

    /// The chosen checkpoint's parameters, or the element-wise mean of the newest `average` checkpoints' (summed in
    /// Double, in step order, then divided), with the summaries they came from, oldest first.
    static func weights(of file: ModelFile, settings: ExportSettings,
                        metric: ValidationMetric) throws -> ([CheckpointSummary], [StoredTensor]) {
        guard settings.average > 1 else {
            let checkpoint = try ModelBundle.load(settings.checkpoint ?? .best, from: file, rankedBy: metric)
            return ([checkpoint.summary], checkpoint.parameters)
        }
        let summaries = try file.checkpoints()
        guard summaries.count >= settings.average else {
            throw ExportError.tooFewCheckpoints(path: file.path, asked: settings.average, stored: summaries.map(\.step))
        }
        let chosen = Array(summaries.sorted { ($0.step, $0.id) < ($1.step, $1.id) }.suffix(settings.average))
        var names: [String] = [], shapes: [[Int]] = [], sums: [[Double]] = []
        for summary in chosen {
            let parameters = try file.loadCheckpoint(id: summary.id).parameters
            if sums.isEmpty {
                names = parameters.map(\.name)
                shapes = parameters.map(\.shape)
                sums = parameters.map { $0.values.map(Double.init) }
                continue
            }
            guard parameters.map(\.name) == names, parameters.map(\.shape) == shapes else {
                throw ExportError.checkpointsDiffer(path: file.path,
                    reason: "step \(summary.step) has other tensors than step \(chosen[0].step)")
            }
            for (index, tensor) in parameters.enumerated() {
                for (offset, value) in tensor.values.enumerated() { sums[index][offset] += Double(value) }
            }
        }
        let count = Double(chosen.count)
        let means = (0..<names.count).map { index in
            StoredTensor(name: names[index], shape: shapes[index], values: sums[index].map { Float($0 / count) })
        }
        return (chosen, means)
    }
}
