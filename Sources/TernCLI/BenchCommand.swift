import ArgumentParser

/// `tern bench …`: release-build benchmarks that print ratios taken in one run.
struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure Tern's speed on this machine (build with -c release).",
        subcommands: [BenchEngineCommand.self, BenchTextCommand.self, BenchStoreCommand.self, BenchTrainCommand.self, BenchTranslateCommand.self, BenchTuneCommand.self]
    )
}
