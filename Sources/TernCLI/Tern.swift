import ArgumentParser

@main
struct Tern: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tern",
        abstract: "Train, run and inspect sequence-to-sequence translators.",
        subcommands: [VocabCommand.self, InfoCommand.self, EvaluateCommand.self, BenchCommand.self]
    )
}
