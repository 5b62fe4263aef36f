import Foundation
import TernModels
@testable import TernTrain
import TernTestSupport
import XCTest

/// The range test: its rates, its stop rule, its suggestions against a port of fastai's rule, and a real run that
/// leaves the model as it found it.
final class LearningRateFinderTests: XCTestCase {
    func testRatesRiseExponentiallyFromStartToEnd() {
        let rates = LearningRateFinder(start: 1e-6, end: 1e-2, steps: 5).rates
        XCTAssertEqual(rates.count, 5)
        for (rate, expected) in zip(rates, [1e-6, 1e-5, 1e-4, 1e-3, 1e-2] as [Float]) {
            XCTAssertEqual(rate, expected, accuracy: expected * 1e-5)
        }
    }

    /// A constructed curve: flat, then a fall, then a blow-up; the smoothed loss (debiased, β 0.98) passes 4× its best
    /// exactly where a hand computation says.
    func testStopRuleFiresWhereTheSmoothedLossPassesFourTimesItsBest() {
        var recorder = LearningRateFinder.LossRecorder(beta: 0.98, divergenceFactor: 4)
        // First value: the debiased average is the loss itself.
        XCTAssertFalse(recorder.add(2))
        XCTAssertEqual(recorder.smoothed[0], 2, accuracy: 1e-12)
        // Second: (0.98·0.02·2 + 0.02·1) / (1 − 0.98²) = (0.0392 + 0.02) / 0.0396 = 1.494949…
        XCTAssertFalse(recorder.add(1))
        XCTAssertEqual(recorder.smoothed[1], 0.0592 / 0.0396, accuracy: 1e-12)
        var stopAt: Int?
        for step in 0..<200 where stopAt == nil {
            if recorder.add(1000) { stopAt = recorder.losses.count - 1 }
            _ = step
        }
        // Hand-checked: the debiased average of [2, 1, 1000, 1000, …] first exceeds 4 × 1.4949… = 5.9798 at index 2
        // (0.98²·0.02·2·… : (0.98·0.0592 + 0.02·1000) / (1 − 0.98³) = 20.058 / 0.058808 = 341.08).
        XCTAssertEqual(stopAt, 2)
        var nan = LearningRateFinder.LossRecorder(beta: 0.98, divergenceFactor: 4)
        XCTAssertFalse(nan.add(3))
        XCTAssertTrue(nan.add(.nan), "a non-finite loss stops the test")
    }

    /// fastai's `valley` (fastai/callback/schedule.py), ported as written, on the same arrays.
    func fastaiValley(_ losses: [Double]) -> Int {
        let n = losses.count
        var (maxStart, maxEnd) = (0, 0)
        var lds = [Int](repeating: 1, count: n)
        for i in 1..<n {
            for j in 0..<i {
                if losses[i] < losses[j] && lds[i] < lds[j] + 1 { lds[i] = lds[j] + 1 }
                if lds[maxEnd] < lds[i] {
                    maxEnd = i
                    maxStart = maxEnd - lds[maxEnd]
                }
            }
        }
        let sections = Double(maxEnd - maxStart) / 3
        return maxStart + Int(sections) + Int(sections / 2)
    }

    func testValleyEqualsFastaisRule() {
        var generator = SplitMixGenerator(seed: 11)
        for trial in 0..<50 {
            let n = 20 + trial
            // A noisy valley: down, flat, up, with jitter.
            let losses = (0..<n).map { i -> Double in
                let x = Double(i) / Double(n)
                return 3 - 2 * sin(Double.pi * x) + Double(generator.next() % 1000) / 2000
            }
            XCTAssertEqual(LearningRateFinder.valley(losses), max(0, fastaiValley(losses)), "trial \(trial)")
        }
        XCTAssertEqual(LearningRateFinder.valley([5, 4, 3, 2, 1, 2, 3]), fastaiValley([5, 4, 3, 2, 1, 2, 3]))
    }

    func testSteepestAndMinimum() {
        let finder = LearningRateFinder(start: 1e-4, end: 1, steps: 10)
        let rates = finder.rates
        let smoothed: [Double] = [5, 5, 4.9, 4.5, 3.0, 2.0, 1.8, 1.9, 3, 9]
        // No trimming for 10 points: skip = 1 at the start, 5 at the end → kept 1..<5 ⇒ [5, 4.9, 4.5, 3.0].
        let result = finder.result(rates: rates, losses: smoothed, smoothed: smoothed)
        XCTAssertEqual(result.steepest, 3, "4.5 → 3.0 is the steepest fall in the kept part")
        XCTAssertEqual(result.minimum, 4)
        XCTAssertEqual(result.minimumOverTen!, rates[4] / 10, accuracy: 1e-12)
    }

    /// A real range test on a tiny model: rates as scheduled, and the model's parameters back as they were.
    func testARealRunLeavesTheModelUnchanged() throws {
        let slice = CorpusSlice.folder
        let config = try ConfigFile(path: nil, overrides: ["family=transformer", "d_model=16", "heads=2", "d_ff=32",
                                                           "encoder_layers=1", "decoder_layers=1", "bpe_merges=60",
                                                           "batch_tokens=300", "threads=1"])
        let paths = TrainingPaths(trainSource: "\(slice)/train.en", trainTarget: "\(slice)/train.es", devSource: "", devTarget: "", output: "")
        let data = try TrainingData.prepare(paths: paths, settings: config.training, subwords: nil, log: { _ in })
        XCTAssertEqual(data.devSources.count, 0)
        let model = try ModelFactory.make(config.model, sourceVocabularySize: data.subwords.source.vocabulary.count,
                                          targetVocabularySize: data.subwords.target.vocabulary.count, seed: 1)
        let before = model.namedParameters().map { $0.1.value.scalars }
        let finder = LearningRateFinder(start: 1e-5, end: 1e3, steps: 30)
        let result = try finder.run(model: model, data: data, settings: config.training)
        XCTAssertEqual(result.rates, Array(finder.rates.prefix(result.rates.count)))
        XCTAssertTrue(result.stoppedEarly, "a rate of 1000 blows any model up: \(result.smoothed)")
        XCTAssertEqual(model.namedParameters().map { $0.1.value.scalars }, before)
        XCTAssertNotNil(result.valley)
    }
}
