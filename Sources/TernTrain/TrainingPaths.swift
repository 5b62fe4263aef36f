/// Where a run reads its corpora and writes its model. The corpora are recorded in the model file's `data` section,
/// so `--resume` needs only the model file.
public struct TrainingPaths: Equatable, Sendable {
    public var trainSource: String
    public var trainTarget: String
    public var devSource: String
    public var devTarget: String
    public var output: String

    public init(trainSource: String, trainTarget: String, devSource: String, devTarget: String, output: String) {
        self.trainSource = trainSource
        self.trainTarget = trainTarget
        self.devSource = devSource
        self.devTarget = devTarget
        self.output = output
    }

    /// The corpora as the model file's `data` section records them.
    var record: [String: String] {
        ["train_source": trainSource, "train_target": trainTarget, "dev_source": devSource, "dev_target": devTarget]
    }

    /// The paths of a stored run.
    init?(record: [String: String], output: String) {
        guard let trainSource = record["train_source"], let trainTarget = record["train_target"],
              let devSource = record["dev_source"], let devTarget = record["dev_target"] else { return nil }
        self.init(trainSource: trainSource, trainTarget: trainTarget, devSource: devSource, devTarget: devTarget, output: output)
    }
}
