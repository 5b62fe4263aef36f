import ArgumentParser

/// The corpus flags, spelt `--src-train`, `--tgt-train`, `--src-dev`, `--tgt-dev` by every command. `tern vocab` used
/// to spell them `--train-src` …; those still work as hidden aliases.
struct CorpusOptions: ParsableArguments {
    @Option(name: .customLong("src-train"), help: "Training source file, one sentence per line.")
    var sourceTrain: String?
    @Option(name: .customLong("tgt-train"), help: "Training target file, aligned with --src-train.")
    var targetTrain: String?
    @Option(name: .customLong("src-dev"), help: "Dev source file.")
    var sourceDev: String?
    @Option(name: .customLong("tgt-dev"), help: "Dev target file (references for BLEU/chrF), aligned with --src-dev.")
    var targetDev: String?

    @Option(name: .customLong("train-src"), help: .hidden) var sourceTrainAlias: String?
    @Option(name: .customLong("train-tgt"), help: .hidden) var targetTrainAlias: String?
    @Option(name: .customLong("dev-src"), help: .hidden) var sourceDevAlias: String?
    @Option(name: .customLong("dev-tgt"), help: .hidden) var targetDevAlias: String?

    var trainSource: String? { sourceTrain ?? sourceTrainAlias }
    var trainTarget: String? { targetTrain ?? targetTrainAlias }
    var devSource: String? { sourceDev ?? sourceDevAlias }
    var devTarget: String? { targetDev ?? targetDevAlias }

    func validate() throws {
        for (name, value, alias) in [("src-train", sourceTrain, sourceTrainAlias), ("tgt-train", targetTrain, targetTrainAlias),
                                     ("src-dev", sourceDev, sourceDevAlias), ("tgt-dev", targetDev, targetDevAlias)]
        where value != nil && alias != nil {
            throw ValidationError("--\(name) is given twice (once under its old spelling)")
        }
        if (devSource == nil) != (devTarget == nil) { throw ValidationError("--src-dev and --tgt-dev go together") }
        if (trainSource == nil) != (trainTarget == nil) { throw ValidationError("--src-train and --tgt-train go together") }
    }
}
