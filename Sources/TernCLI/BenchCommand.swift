import ArgumentParser

/// `tern bench`: groups the micro-benchmarks of each module.
struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure the speed of Tern's components.",
        subcommands: [BenchTextCommand.self]
    )
}
