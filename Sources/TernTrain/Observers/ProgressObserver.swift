import Foundation

/// What a person watches on stderr: what was loaded, a progress line every `log_every` steps (step, epoch, loss,
/// learning rate, tokens/s, memory, ETA), each validation's figures with sample translations, and how the run ended.
public final class ProgressObserver: TrainingObserver {
    let write: (String) -> Void
    var reporter = ProgressReporter(maxSteps: 0, maxSeconds: 0)
    var interval = IntervalAverages()
    var startStep = 0

    /// - Parameter write: one line (or a few) at a time, e.g. to stderr.
    public init(write: @escaping (String) -> Void) { self.write = write }

    public func runStarted(_ run: TrainingRun) {
        let settings = run.settings
        reporter = ProgressReporter(maxSteps: settings.maxSteps, maxSeconds: settings.maxMinutes * 60,
                                    earlierSeconds: run.state.elapsedSeconds)
        interval = IntervalAverages(startSeconds: run.state.elapsedSeconds)
        startStep = run.state.step
        if run.resumed {
            write("resuming \(run.paths.output) at step \(run.state.step), epoch \(run.state.epoch)")
        } else {
            write("model: \(run.modelConfig.family.rawValue), \(run.model.parameterCount) parameters; \(run.data.trainPairs.count) training pairs")
        }
    }

    public func stepFinished(_ step: StepReport, run: TrainingRun) {
        interval.add(step)
        guard step.step % run.settings.logEvery == 0 else { return }
        let figures = interval.close()
        write(reporter.line(step: step.step, startStep: startStep, epoch: step.epoch, loss: Float(figures.loss),
                            learningRate: step.learningRate, tokensPerSecond: figures.tokensPerSecond))
    }

    public func validationFinished(_ validation: ValidationReport, run: TrainingRun) {
        let result = validation.result
        write(String(format: "validation at step %d: loss %.3f · perplexity %.2f · BLEU %.2f · chrF %.2f",
                     validation.step, result.loss, result.perplexity, result.bleu, result.chrF))
        if let sample = validation.trainSample {
            var line = String(format: "  train sample: loss %.3f · perplexity %.2f · BLEU %.2f · chrF %.2f · GL %.1f %%",
                              sample.loss, sample.perplexity, sample.bleu, sample.chrF, validation.generalizationLoss)
            if let progress = validation.trainingProgress { line += String(format: " · P5 %.1f ‰", progress) }
            write(line)
        }
        let data = run.data
        for i in 0..<min(run.settings.samples, data.devSourceLines.count) {
            write("  source:     \(data.devSourceLines[i])\n  reference:  \(data.devReferences[i])\n  hypothesis: \(result.hypotheses[i])")
        }
    }

    public func runFinished(_ summary: TrainingSummary, run: TrainingRun) {
        if summary.stoppedBy == .interrupted {
            write("checkpoint saved at step \(summary.steps); continue with --resume \(run.paths.output)")
        }
        write(ResidentMemory.peakSummary)
    }
}
