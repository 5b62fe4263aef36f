import XCTest
import TernPlots
import TernViz

final class TuneChartsTests: XCTestCase {
    /// The best so far is a step line that moves only at a trial that improves on it, in the objective's direction.
    func testBestSoFarStepsAtImprovingTrials() throws {
        let trials = [(number: 1, value: 5.0), (number: 2, value: 7.0), (number: 3, value: 4.0)]
        let lower = try TuneCharts.objectiveByTrial(objective: "dev_loss", higherIsBetter: false, trials: trials)
        XCTAssertEqual(lower.series[0].ys, [5, 7, 4])
        XCTAssertTrue(lower.series[0].markersOnly)
        XCTAssertEqual(lower.series[1].xs, [1, 2, 2, 3, 3])
        XCTAssertEqual(lower.series[1].ys, [5, 5, 5, 5, 4])
        let higher = try TuneCharts.objectiveByTrial(objective: "dev_bleu", higherIsBetter: true, trials: trials)
        XCTAssertEqual(higher.series[1].ys, [5, 5, 7, 7, 7])
        XCTAssertFalse(try higher.data(format: .svg).isEmpty)
    }

    func testSliceDrawsTheBandAroundTheMean() throws {
        let (posterior, acquisition) = try TuneCharts.gaussianProcessSlice(
            key: "learning_rate", objective: "dev_bleu", logarithmicX: true, xs: [1e-4, 1e-3, 1e-2], mean: [1, 2, 3],
            standardDeviation: [0.5, 0.1, 1], evaluated: [(x: 1e-3, y: 2)], expectedImprovement: [0.1, 0, 0.3])
        XCTAssertEqual(posterior.series.map(\.name), ["mean", "mean + 2σ", "mean − 2σ", "trials"])
        for (got, expected) in zip(posterior.series[1].ys + posterior.series[2].ys, [2, 2.2, 5, 0, 1.8, 1]) {
            XCTAssertEqual(got, expected, accuracy: 1e-12)
        }
        XCTAssertEqual(acquisition.series[0].ys, [0.1, 0, 0.3])
    }
}
