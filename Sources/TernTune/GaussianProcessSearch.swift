import Foundation

/// Bayesian optimisation after Snoek, Larochelle & Adams (2012): a Gaussian process with the Matérn 5/2 ARD kernel
/// over the unit-cube encoding of the space (``SearchSpace``), fitted to the standardised values of the finished
/// trials, its hyperparameters by MAP with restarts (``GaussianProcessFit``, where the paper slice-samples; see
/// there for why), and the next point where log expected improvement is largest (``AcquisitionSearch``).
/// The first `initialRandom` suggestions are random draws.
///
/// `perSecond` is the paper's "EI per second": a second GP on the logarithm of each trial's seconds, and the
/// acquisition `log EI(x) − E[log seconds(x)]`, so that of two equally promising points the cheaper is tried.
public final class GaussianProcessSearch: SearchStrategy {
    public var initialRandom: Int
    public var perSecond: Bool
    /// Random restarts of the hyperparameter fit, besides the warm start from the last fit.
    public var restarts = 2
    public var acquisition = AcquisitionSearch()

    private var lastObjectiveFit: GaussianProcessFit.Parameters?
    private var lastTimeFit: GaussianProcessFit.Parameters?

    public init(initialRandom: Int = 10, perSecond: Bool = false) {
        self.initialRandom = initialRandom
        self.perSecond = perSecond
    }

    /// The GP of the standardised objective after `history`; nil before two trials.
    public func model(space: SearchSpace, history: [Observation], generator: inout TuneRandom) -> (GaussianProcess, StandardisedTargets)? {
        guard history.count >= 2 else { return nil }
        let inputs = history.map { space.encode($0.assignment) }
        let targets = StandardisedTargets(history.map(\.value))
        let parameters = GaussianProcessFit.fit(inputs: inputs, targets: targets.values, previous: lastObjectiveFit,
                                                restarts: restarts, generator: &generator)
        lastObjectiveFit = parameters
        guard let process = GaussianProcess(inputs: inputs, targets: targets.values, kernel: parameters.kernel, noise: parameters.noise)
        else { return nil }
        return (process, targets)
    }

    public func suggest(space: SearchSpace, history: [Observation], generator: inout TuneRandom) -> SearchSpace.Assignment {
        let usable = history.filter { $0.value.isFinite }
        guard usable.count >= max(initialRandom, 2),
              let (process, targets) = model(space: space, history: usable, generator: &generator)
        else { return space.sample(&generator) }
        let best = targets.values.min()!
        var cost: GaussianProcess?
        // log seconds = mean + scale · (the time GP's standardised prediction); the mean does not move the maximiser.
        var costScale = 1.0
        if perSecond {
            let inputs = usable.map { space.encode($0.assignment) }
            let times = StandardisedTargets(usable.map { log(max($0.seconds, 1e-3)) })
            let parameters = GaussianProcessFit.fit(inputs: inputs, targets: times.values, previous: lastTimeFit, restarts: 1,
                                                    generator: &generator)
            lastTimeFit = parameters
            cost = GaussianProcess(inputs: inputs, targets: times.values, kernel: parameters.kernel, noise: parameters.noise)
            costScale = times.scale
        }
        let incumbents = usable.indices.sorted { usable[$0].value < usable[$1].value }.prefix(3).map { space.encode(usable[$0].assignment) }
        let point = acquisition.maximise(space: space, starts: incumbents, generator: &generator) { x in
            let (prediction, meanGradient, varianceGradient) = process.predictWithGradient(x)
            let sigma = prediction.standardDeviation
            let ei = ExpectedImprovement.logValueWithGradient(mean: prediction.mean, standardDeviation: sigma, best: best)
            var gradient = (0..<x.count).map { j in
                ei.dMean * meanGradient[j] + (sigma > 1e-12 ? ei.dStandardDeviation * varianceGradient[j] / (2 * sigma) : 0)
            }
            var value = ei.value
            if let cost {
                let (time, timeGradient, _) = cost.predictWithGradient(x)
                value -= costScale * time.mean
                for j in 0..<x.count { gradient[j] -= costScale * timeGradient[j] }
            }
            return (value, gradient)
        }
        return space.decode(point)
    }
}
