import TernTrain
import XCTest

final class ScheduleTests: XCTestCase {
    func testInverseSquareRootWarmsUpThenDecays() {
        let s = LearningRateSchedule.inverseSquareRoot(peak: 1e-3, warmup: 1000)
        XCTAssertEqual(s.rate(at: 1), 1e-6, accuracy: 1e-12)
        XCTAssertEqual(s.rate(at: 500), 5e-4, accuracy: 1e-9)
        XCTAssertEqual(s.rate(at: 1000), 1e-3, accuracy: 1e-9)
        XCTAssertEqual(s.rate(at: 4000), 5e-4, accuracy: 1e-9)  // √(1000/4000) = ½
    }

    func testNoamPeaksAtWarmup() {
        let s = LearningRateSchedule.noam(factor: 2, modelSize: 256, warmup: 4000)
        let peak = s.rate(at: 4000)
        XCTAssertEqual(peak, 2 / 16 / Float(4000).squareRoot(), accuracy: 1e-8)
        XCTAssertLessThan(s.rate(at: 3999), peak)
        XCTAssertLessThan(s.rate(at: 4001), peak)
        XCTAssertEqual(s.rate(at: 16000), peak / 2, accuracy: 1e-8)
    }

    func testStepDecayAndCosineAndConstant() {
        let step = LearningRateSchedule.stepDecay(rate: 1, decay: 0.5, every: 10)
        XCTAssertEqual([9, 10, 25].map { step.rate(at: $0) }, [1, 0.5, 0.25])
        let cosine = LearningRateSchedule.cosine(peak: 1, minimum: 0.1, warmup: 10, total: 110)
        XCTAssertEqual(cosine.rate(at: 5), 0.5, accuracy: 1e-6)
        XCTAssertEqual(cosine.rate(at: 10), 1, accuracy: 1e-6)
        XCTAssertEqual(cosine.rate(at: 60), 0.55, accuracy: 1e-6)  // half way: (1 + 0.1) / 2
        XCTAssertEqual(cosine.rate(at: 200), 0.1, accuracy: 1e-6)
        XCTAssertEqual(LearningRateSchedule.constant(rate: 0.3).rate(at: 77), 0.3)
    }

    func testPlateauReducerWaitsForPatience() {
        var reducer = PlateauReducer(factor: 0.5, patience: 2, threshold: 0, higherIsBetter: false)
        XCTAssertFalse(reducer.observe(3.0))
        XCTAssertFalse(reducer.observe(2.5))  // improved
        XCTAssertFalse(reducer.observe(2.6))
        XCTAssertFalse(reducer.observe(2.5))  // equal is not an improvement
        XCTAssertTrue(reducer.observe(2.7))   // third bad validation > patience 2
        XCTAssertEqual(reducer.scale, 0.5)
    }

    func testSchedulesRoundTripThroughJSON() throws {
        let schedule = LearningRateSchedule.cosine(peak: 1, minimum: 0, warmup: 3, total: 9)
        let data = try JSONEncoder().encode(schedule)
        XCTAssertEqual(try JSONDecoder().decode(LearningRateSchedule.self, from: data), schedule)
    }
}

final class ProgressReporterTests: XCTestCase {
    func testResumedRunCountsEarlierTimeInItsETA() {
        let fresh = ProgressReporter(maxSteps: 0, maxSeconds: 600)
        let resumed = ProgressReporter(maxSteps: 0, maxSeconds: 600, earlierSeconds: 540)
        XCTAssertTrue(fresh.line(step: 1, startStep: 0, epoch: 1, loss: 1, learningRate: 1e-3, tokensPerSecond: 10).contains("ETA 10m"))
        XCTAssertTrue(resumed.line(step: 1, startStep: 0, epoch: 1, loss: 1, learningRate: 1e-3, tokensPerSecond: 10).contains("ETA 1m"))
    }
}
