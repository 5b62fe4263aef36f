import Foundation
import TernInference
import TernModels
import TernStore
import TernTensor

extension TrainingRun {
    /// A new run: reads and checks the corpora, learns the BPE, creates the model file (which must not exist) with
    /// the config, vocabulary and merges, and builds the model from the seed.
    ///
    /// - Parameter log: messages about data preparation, for stderr.
    public static func start(config: ConfigFile, paths: TrainingPaths, observers: [TrainingObserver] = [],
                             log: (String) -> Void = { _ in }) throws -> TrainingRun {
        var settings = config.training
        guard settings.jointVocabulary else {
            throw TrainingError.invalidSetting(key: "joint_vocabulary", reason: "separate vocabularies are not stored in the model file yet; use true")
        }
        if settings.threads > 0 { Kernels.setThreads(settings.threads) }
        let data = try TrainingData.prepare(paths: paths, settings: settings, subwords: nil, log: log)
        settings.precision = resolve(settings.precision, log: log)  // after the data's errors, before the file records it
        let sections = ConfigSections(model: config.model, training: settings, subword: data.subwords.config, data: paths.record)
        let file = try ModelFile.create(at: paths.output, configJSON: try sections.json())
        do {
            try file.setJointVocabulary(data.subwords.source.vocabulary.entries)
            try file.setMerges(data.subwords.source.model.merges)
        } catch {
            file.close()
            throw error
        }
        let model = try ModelFactory.make(config.model, sourceVocabularySize: data.subwords.source.vocabulary.count,
                                          targetVocabularySize: data.subwords.target.vocabulary.count, seed: settings.seed)
        let state = ResumeState.fresh(plateau: PlateauReducer(factor: settings.plateauFactor, patience: settings.plateauPatience,
                                                              higherIsBetter: false))
        return TrainingRun(paths: paths, settings: settings, modelConfig: config.model, model: model, data: data, file: file,
                           optimizer: settings.makeOptimizer(), state: state, resumed: false, observers: observers)
    }

    /// `auto` measured and decided (the model file records the outcome, so a resumed run keeps it); the precision
    /// goes to stderr with its reason.
    static func resolve(_ precision: PrecisionSetting, log: (String) -> Void) -> PrecisionSetting {
        guard precision == .auto else {
            log("precision: \(precision.rawValue) (set)")
            return precision
        }
        let (chosen, reason) = PrecisionProbe.trainingChoice
        log("precision: auto → \(chosen.rawValue) (\(reason))")
        return chosen == .bf16 ? .bf16 : .fp32
    }

    /// Continues the run stored in `path` from its latest checkpoint, with its own settings: only the budgets and the
    /// thread count may be changed (``ConfigFile/resumableKeys``), and the corpora may be moved (`corpora` edits
    /// the recorded paths; the file still decides the vocabulary).
    public static func resume(path: String, overrides: [String] = [], corpora: (inout TrainingPaths) -> Void = { _ in },
                              observers: [TrainingObserver] = [], log: (String) -> Void = { _ in }) throws -> TrainingRun {
        guard FileManager.default.fileExists(atPath: path) else {
            throw TrainingError.missingFile(path: path, role: "model file")
        }
        let file = try ModelFile(openingAt: path, access: .readWrite)
        do {
            return try resume(file: file, overrides: overrides, corpora: corpora, observers: observers, log: log)
        } catch {
            file.close()
            throw error
        }
    }

    static func resume(file: ModelFile, overrides: [String], corpora: (inout TrainingPaths) -> Void,
                       observers: [TrainingObserver], log: (String) -> Void) throws -> TrainingRun {
        if let source = try file.meta(ModelExport.sourceKey) {
            throw TrainingError.resume("\(file.path) is an export of \(source) (weights only, no optimizer or resume state); "
                + "resume \(source) itself")
        }
        let sections = try file.configSections(training: TrainingSettings.self)
        let settings = try ConfigFile.resumed(sections.training, overrides: overrides)
        guard var paths = sections.data.flatMap({ TrainingPaths(record: $0, output: file.path) }) else {
            throw TrainingError.resume("\(file.path) does not record its corpora; pass --src-train, --tgt-train, --src-dev and --tgt-dev")
        }
        corpora(&paths)
        if settings.threads > 0 { Kernels.setThreads(settings.threads) }
        let subwords = try file.subwordModels(config: sections.subword)
        let data = try TrainingData.prepare(paths: paths, settings: settings, subwords: subwords, log: log)
        let model = try ModelFactory.make(sections.model, sourceVocabularySize: subwords.source.vocabulary.count,
                                          targetVocabularySize: subwords.target.vocabulary.count, seed: settings.seed)
        let checkpoint = try file.loadLatestCheckpoint()
        try model.loadParameters(checkpoint.parameters, from: file.path)
        let state: ResumeState
        do {
            state = try JSONDecoder().decode(ResumeState.self, from: Data(checkpoint.resumeState.utf8))
        } catch {
            throw TrainingError.resume("the resume state of checkpoint \(checkpoint.step) is unreadable: \(error)")
        }
        let optimizer = settings.makeOptimizer()
        do {
            try optimizer.restore(step: state.optimizerStep, tensors: Dictionary(
                checkpoint.optimizerState.map { ($0.name, $0.tensor) }, uniquingKeysWith: { first, _ in first }))
        } catch {
            throw TrainingError.resume("the optimizer state of checkpoint \(checkpoint.step) does not fit: \(error)")
        }
        DropoutGenerators.restore(state.dropoutGenerators, in: model)
        return TrainingRun(paths: paths, settings: settings, modelConfig: sections.model, model: model, data: data, file: file,
                           optimizer: optimizer, state: state, resumed: true, observers: observers)
    }
}
