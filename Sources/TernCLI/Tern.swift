import ArgumentParser

@main
struct Tern: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tern",
        abstract: "Train, run and inspect sequence-to-sequence translators.",
        subcommands: [TrainCommand.self, TranslateCommand.self, AttentionCommand.self, EvaluateCommand.self, DiagnoseCommand.self,
                      LearningRateFindCommand.self, BaselineCommand.self, PlotCommand.self, VocabCommand.self, CheckDataCommand.self, BacktranslateCommand.self, InfoCommand.self, ExportCommand.self,
                      TensorBoardCommand.self, TuneCommand.self, BenchCommand.self]
    )
}
