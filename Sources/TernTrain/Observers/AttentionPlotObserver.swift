import TernInference

/// Cross-attention heatmaps of the first `attention_plots` dev sentences at each validation, beside the model file
/// (`<model>.plots/step-<step>/`). A plot that fails is a warning, never a stop.
public final class AttentionPlotObserver: TrainingObserver {
    let warn: (String) -> Void

    public init(warn: @escaping (String) -> Void) { self.warn = warn }

    public func validationFinished(_ validation: ValidationReport, run: TrainingRun) {
        let count = run.settings.attentionPlots
        guard count > 0 else { return }
        AttentionExport.plotValidation(model: run.model, subwords: run.data.subwords,
                                       devSources: Array(run.data.devSources.prefix(count)),
                                       step: validation.step, modelPath: run.paths.output, log: warn)
    }
}
