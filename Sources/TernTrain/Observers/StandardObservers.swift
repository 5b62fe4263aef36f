extension TrainingRun {
    /// What `tern train` attaches to every run: the progress on `write` (stderr), the training log and the per-layer
    /// statistics in the model file, the attention plots that `attention_plots` asks for, the curves (`curve_plots`),
    /// and the TensorBoard event files of `tensorboard_dir` (the settings are not known before the run starts, so it
    /// is always attached and writes nothing when the key is empty).
    public static func standardObservers(write: @escaping (String) -> Void) -> [TrainingObserver] {
        [ProgressObserver(write: write), TrainingLogObserver(), LayerStatisticsObserver(), AttentionPlotObserver(warn: write),
         CurvePlotObserver(warn: write), TensorBoardObserver(warn: write)]
    }
}
