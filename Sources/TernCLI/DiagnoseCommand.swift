import ArgumentParser
import Foundation
import TernBaseline
import TernDiagnose
import TernPlots
import TernViz

/// `tern diagnose`: is the run under- or overfitting, diverged, still improving or stalled — and what to change.
struct DiagnoseCommand: TernCommand {
    static let configuration = CommandConfiguration(
        commandName: "diagnose",
        abstract: "Diagnose a training run's fit from its model file: a verdict, its figures and the remedies.",
        discussion: """
        Reads the validation rows of the model file (dev loss beside a train sample's, GL, P5, the unigram loss) and \
        prints one verdict — diverged, overfitting, underfitting, still improving, stalled, or too early — with the \
        figures it rests on and the remedies in order of cost, naming the config keys. Beside it, the dev scores of \
        the model, of copying the source and, with --baseline, of a word-by-word IBM Model 1 (tern baseline) on the dev \
        files the run recorded. --json for scripts; --plot writes the train-sample vs dev curve.
        """
    )

    @Argument(help: "The model file (.tern).")
    var model: String
    @Flag(help: "Print one JSON document instead of the report.")
    var json = false
    @Option(help: "Also draw the train-sample vs dev curves into this file (.png or .svg).")
    var plot: String?
    @Option(help: "A word baseline from `tern baseline --output B`, scored on the same dev set.")
    var baseline: String?

    func validate() throws {
        if let plot, ImageFormat(fileExtension: URL(fileURLWithPath: plot).pathExtension) == nil {
            throw ValidationError("--plot must end in .png or .svg, got '\(plot)'")
        }
    }

    func execute() throws {
        let diagnosis = try Diagnosis.of(modelPath: model,
                                         baseline: try baseline.map { try WordBaseline(contentsOf: URL(fileURLWithPath: $0)) })
        print(json ? try diagnosis.json() : diagnosis.text)
        if let plot {
            let url = URL(fileURLWithPath: plot)
            guard let chart = try TrainingCharts(modelPath: model).charts().first(where: { $0.name == "fit" })?.chart else {
                StandardError.line("note: no train-sample figures to plot in \(model)")
                return
            }
            try chart.write(to: url, format: ImageFormat(fileExtension: url.pathExtension)!)
            StandardError.line("wrote \(plot)")
        }
    }
}
