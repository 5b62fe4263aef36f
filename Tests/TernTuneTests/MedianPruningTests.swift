import XCTest
@testable import TernTune

/// Optuna's median rule on constructed curves (values minimised).
final class MedianPruningTests: XCTestCase {
    let finished: [[Int: Double]] = [[100: 5, 200: 4], [100: 6, 200: 3], [100: 7, 200: 2], [100: 8], [100: 9, 200: 1]]

    func testPrunesAboveTheMedianOfFinishedTrialsAtTheSameStep() {
        let rule = MedianPruning(startupTrials: 5)
        // Median at step 100 of 5, 6, 7, 8, 9 is 7.
        XCTAssertFalse(rule.shouldPrune(curve: [100: 7], step: 100, finished: finished))
        XCTAssertTrue(rule.shouldPrune(curve: [100: 7.5], step: 100, finished: finished))
        // At 200 four trials have values 4, 3, 2, 1: median 2.5. The trial's best so far counts (Optuna's rule).
        XCTAssertTrue(rule.shouldPrune(curve: [100: 6, 200: 2.6], step: 200, finished: finished))
        XCTAssertFalse(rule.shouldPrune(curve: [100: 2.4, 200: 3], step: 200, finished: finished))
        // A step where no finished trial has a value: never pruned.
        XCTAssertFalse(rule.shouldPrune(curve: [100: 20, 300: 20], step: 300, finished: finished))
        // NaN is pruned.
        XCTAssertTrue(rule.shouldPrune(curve: [100: .nan], step: 100, finished: finished))
    }

    func testNoPruningDuringStartupOrWarmup() {
        XCTAssertFalse(MedianPruning(startupTrials: 6).shouldPrune(curve: [100: 100], step: 100, finished: finished))
        XCTAssertFalse(MedianPruning(startupTrials: 5, warmupSteps: 150).shouldPrune(curve: [100: 100], step: 100, finished: finished))
        XCTAssertTrue(MedianPruning(startupTrials: 5, warmupSteps: 150).shouldPrune(curve: [100: 100, 200: 100], step: 200, finished: finished))
    }
}
