import Foundation
import TernPlots
import TernViz

/// Redraws the training curves and per-layer charts from the model file after each checkpoint, beside it
/// (`<model>.plots/curves/`), so a person can watch a run in an image viewer: `curve_plots`. A chart that fails is a
/// warning, never a stop.
public final class CurvePlotObserver: TrainingObserver {
    let warn: (String) -> Void

    public init(warn: @escaping (String) -> Void) { self.warn = warn }

    /// Where a run's curves go: `<model path without .tern>.plots/curves/`.
    public static func directory(modelPath: String) -> URL {
        let model = URL(fileURLWithPath: modelPath)
        let stem = model.pathExtension == "tern" ? model.deletingPathExtension() : model
        return URL(fileURLWithPath: stem.path + ".plots").appendingPathComponent("curves")
    }

    public func checkpointSaved(step: Int, run: TrainingRun) {
        guard run.settings.curvePlots else { return }
        let directory = Self.directory(modelPath: run.paths.output)
        do {
            try TrainingCharts(modelPath: run.paths.output).write(into: directory, formats: [.png])
        } catch {
            warn("warning: curves for step \(step) were not written to \(directory.path): \(error)")
        }
    }
}
