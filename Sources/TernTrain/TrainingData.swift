import Foundation
import TernData
import TernInference
import TernModels
import TernText

/// The corpora of a run as token ids: the subword models learned on (or loaded for) the training side, the training
/// pairs as ids, and the dev set both as ids and as raw reference lines for BLEU/chrF.
public struct TrainingData {
    public var subwords: SubwordModels
    /// The training pairs segmented without dropout.
    public var trainPairs: [TokenPair]
    /// The normalised training lines behind `trainPairs`, index for index, kept only for `bpe_dropout` (which
    /// segments them afresh each epoch).
    public var trainLines: (source: [String], target: [String]) = ([], [])
    public var devSources: [[Int32]]
    public var devTargetIds: [[Int32]]
    public var devSourceLines: [String]
    public var devReferences: [String]
    /// What filtering removed, for the report.
    public var droppedEmpty: Int
    public var droppedTooLong: Int
    /// A fixed sample of the training pairs, scored beside the dev set at each validation (`train_sample`).
    public var trainSample: EvaluationSet?
    /// The cross-entropy per target token (with `</s>`) of predicting the training targets by their frequencies
    /// alone: a model whose loss is not well below it has learned little beyond word frequencies.
    public var unigramLoss: Double

    /// The dev set, for validation.
    public var dev: EvaluationSet { EvaluationSet(sources: devSources, targetIds: devTargetIds, references: devReferences) }

    /// Reads and checks both corpora (line counts, UTF-8, empty files: errors name the files and lines), filters
    /// empty and over-long training pairs, and — unless `subwords` are given (a resumed run) — learns the BPE.
    public static func prepare(paths: TrainingPaths, settings: TrainingSettings, subwords existing: SubwordModels?,
                               log: (String) -> Void) throws -> TrainingData {
        let (trainSource, trainTarget) = (paths.trainSource, paths.trainTarget)
        if existing == nil { warnAboutDefects(source: trainSource, target: trainTarget, maxLength: settings.maxLength, log: log) }
        let config = SubwordConfig(merges: settings.bpeMerges, minFrequency: settings.bpeMinFrequency,
                                   joint: settings.jointVocabulary, lowercase: settings.lowercase)
        let normalizer = config.normalizer
        let train = try ParallelCorpus(sourcePath: trainSource, targetPath: trainTarget).normalized(with: normalizer)
        var filtered = train.filtered(maximumTokens: settings.maxLength)
        log("training pairs: \(train.count) read, \(filtered.kept) kept, \(filtered.droppedEmpty) empty and \(filtered.droppedTooLong) longer than \(settings.maxLength) words dropped")
        guard filtered.kept > 0 else { throw TrainingError.data("no training pair left after filtering \(trainSource) / \(trainTarget)") }
        let extra = try readExtraPairs(settings: settings, normalizer: normalizer, log: log)
        filtered.droppedEmpty += extra.droppedEmpty
        filtered.droppedTooLong += extra.droppedTooLong
        // No dev files (the learning-rate range test): an empty dev set.
        let dev = paths.devSource.isEmpty ? (sourceLines: [String](), targetLines: [String]())
            : try { let corpus = try ParallelCorpus(sourcePath: paths.devSource, targetPath: paths.devTarget)
                    return (corpus.sourceLines, corpus.targetLines) }()
        let subwords: SubwordModels
        if let existing {
            subwords = existing
        } else {
            let start = Date()
            // The BPE is learned on untagged text; the tag then joins the vocabulary as one reserved token.
            subwords = SubwordModels.learn(config: config, sourceLines: filtered.corpus.sourceLines + extra.corpus.sourceLines,
                                           targetLines: filtered.corpus.targetLines + extra.corpus.targetLines)
                .reserving(settings.extraTag.isEmpty ? [] : [(settings.extraTag, extra.kept)])
            log(String(format: "BPE: %d merges, vocabulary %d (source) / %d (target), learned in %.1f s",
                       subwords.source.model.count, subwords.source.vocabulary.count, subwords.target.vocabulary.count,
                       Date().timeIntervalSince(start)))
        }
        // The training lines are normalised already (for filtering and BPE); the dev lines are normalised by `encode`.
        func ids(_ tokenizer: SubwordTokenizer, normalized line: String) -> [Int32] { tokenizer.encode(normalized: line).map(Int32.init) }
        let tag = settings.extraTag.isEmpty ? "" : settings.extraTag + " "
        let sourceLines = filtered.corpus.sourceLines + extra.corpus.sourceLines.map { tag + $0 }
        let targetLines = filtered.corpus.targetLines + extra.corpus.targetLines
        let pairs = zip(sourceLines, targetLines).map {
            TokenPair(source: ids(subwords.source, normalized: $0), target: ids(subwords.target, normalized: $1))
        }
        // Dev sources keep every line (a translation per reference line); cap their length for decoding.
        let devSources = dev.sourceLines.map { subwords.encodeSource($0, maxTokens: 4 * settings.maxLength) }
        let devTargets = dev.targetLines.map { Array(subwords.target.encode($0).map(Int32.init).prefix(4 * settings.maxLength)) }
        let sampleSize = paths.devSource.isEmpty ? 0 : settings.trainSample ?? dev.sourceLines.count
        var data = TrainingData(subwords: subwords, trainPairs: pairs, devSources: devSources, devTargetIds: devTargets,
                                devSourceLines: dev.sourceLines, devReferences: dev.targetLines,
                                droppedEmpty: filtered.droppedEmpty, droppedTooLong: filtered.droppedTooLong,
                                trainSample: sampleSize > 0 ? EvaluationSet.sample(of: pairs, count: sampleSize, seed: settings.seed,
                                                                                    subwords: subwords) : nil,
                                unigramLoss: unigramLoss(of: pairs))
        if settings.bpeDropout > 0 { data.trainLines = (sourceLines, targetLines) }
        return data
    }

    /// The training pairs of `epoch`: with `bpe_dropout`, every sentence segmented afresh with merges dropped, each
    /// side of each pair from its own generator seeded by (seed, epoch, pair, side) — so a resumed run rebuilds the
    /// same epoch, and any pair's segmentation can be recomputed alone; without it, ``trainPairs``.
    public func pairs(epoch: Int, settings: TrainingSettings) -> [TokenPair] {
        guard settings.bpeDropout > 0, !trainLines.source.isEmpty else { return trainPairs }
        func ids(_ tokenizer: SubwordTokenizer, _ line: String, index: Int, side: UInt64) -> [Int32] {
            var generator = SplitMixGenerator(seed: settings.seed ^ (UInt64(epoch) &* 0xD1B5_4A32_D192_ED03)
                                                  ^ ((UInt64(index) << 1 | side) &* 0x9E37_79B9_7F4A_7C15))
            return tokenizer.encode(normalized: line, dropout: settings.bpeDropout, generator: &generator).map(Int32.init)
        }
        return trainLines.source.indices.map { index in
            TokenPair(source: ids(subwords.source, trainLines.source[index], index: index, side: 0),
                      target: ids(subwords.target, trainLines.target[index], index: index, side: 1))
        }
    }

    /// The extra pairs of `src_extra`/`tgt_extra` (normalised, filtered like the main corpus, untagged), with a log
    /// line per pair of files.
    static func readExtraPairs(settings: TrainingSettings, normalizer: Normalizer, log: (String) -> Void) throws -> ParallelCorpus.FilterResult {
        var lines = ParallelCorpus(sourceLines: [], targetLines: [])
        var droppedEmpty = 0, droppedTooLong = 0
        for (source, target) in zip(settings.srcExtra, settings.tgtExtra) {
            let corpus = try ParallelCorpus(sourcePath: source, targetPath: target).normalized(with: normalizer)
            let filtered = corpus.filtered(maximumTokens: settings.maxLength)
            let tagged = settings.extraTag.isEmpty ? "" : ", sources tagged \(settings.extraTag)"
            log("extra training pairs: \(corpus.count) read from \(source) / \(target), \(filtered.kept) kept\(tagged)")
            lines.sourceLines += filtered.corpus.sourceLines
            lines.targetLines += filtered.corpus.targetLines
            droppedEmpty += filtered.droppedEmpty
            droppedTooLong += filtered.droppedTooLong
        }
        return ParallelCorpus.FilterResult(corpus: lines, droppedEmpty: droppedEmpty, droppedTooLong: droppedTooLong)
    }

    /// Before a new run learns its BPE: one warning line per defect class `tern check-data` finds in the training
    /// pairs. Nothing stops here; a file that cannot be read, invalid UTF-8 or differing line counts still stop the
    /// run when the corpus is read, with the usual error (and then no warning precedes it).
    static func warnAboutDefects(source: String, target: String, maxLength: Int, log: (String) -> Void) {
        var settings = DataCheckSettings()
        settings.maxLength = maxLength
        guard let report = try? DataChecker(settings: settings).check(sourcePath: source, targetPath: target),
              report.findings(of: .lineCountMismatch).isEmpty, report.findings(of: .invalidUTF8).isEmpty else { return }
        for line in report.summaryLines() { log("warning: \(source) / \(target): \(line)") }
        if !report.classesFound.isEmpty { log("warning: `tern check-data \(source) \(target)` shows them all") }
    }

    /// −Σ p log p over the target tokens and one `</s>` per pair.
    static func unigramLoss(of pairs: [TokenPair]) -> Double {
        var counts: [Int32: Int] = [TokenBatch.eosId: pairs.count]
        for pair in pairs { for id in pair.target { counts[id, default: 0] += 1 } }
        let total = Double(counts.values.reduce(0, +))
        return -counts.values.reduce(0.0) { sum, count in
            let p = Double(count) / total
            return sum + p * Foundation.log(p)
        }
    }
}

/// Padded model inputs for a list of pairs: source rows end in `</s>`; the target is cut into `<s> w…` (input) and
/// `w… </s>` (gold output), JoeyNMT's and fairseq's way.
public struct TeacherForcingBatch {
    public var source: TokenBatch
    public var targetInput: TokenBatch
    public var targetOutput: [Int32]
    public var targetTokens: Int

    public init(sources: [[Int32]], targets: [[Int32]]) {
        source = TokenBatch(rows: sources.map { $0.last == TokenBatch.eosId ? $0 : $0 + [TokenBatch.eosId] })
        targetInput = TokenBatch(rows: targets.map { [TokenBatch.bosId] + $0 })
        let output = TokenBatch(rows: targets.map { $0 + [TokenBatch.eosId] })
        targetOutput = output.ids
        targetTokens = targets.reduce(0) { $0 + $1.count + 1 }
    }
}
