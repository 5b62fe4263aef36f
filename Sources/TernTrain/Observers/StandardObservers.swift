extension TrainingRun {
    /// What `tern train` attaches to every run: the progress on `write` (stderr), the training log and the per-layer
    /// statistics in the model file, and the attention plots that `attention_plots` asks for.
    public static func standardObservers(write: @escaping (String) -> Void) -> [TrainingObserver] {
        [ProgressObserver(write: write), TrainingLogObserver(), LayerStatisticsObserver(), AttentionPlotObserver(warn: write)]
    }
}
