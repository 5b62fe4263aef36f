import TernTrain
import XCTest

final class TokenBatcherTests: XCTestCase {
    func pairs(_ count: Int) -> [TokenPair] {
        return (0..<count).map { i in
            // deterministic varied lengths
            let s = 1 + (i * 7919) % 40, t = 1 + (i * 104_729) % 45
            return TokenPair(source: [Int32](repeating: 5, count: s), target: [Int32](repeating: 6, count: t))
        }
    }

    func testEveryPairOnceAndBudgetRespected() {
        let data = pairs(1000)
        let batcher = TokenBatcher(pairs: data, maxTokens: 300, seed: 3, windowSize: 250)
        for epoch in 0..<3 {
            let batches = batcher.batches(epoch: epoch)
            XCTAssertEqual(batches.flatMap { $0 }.sorted(), Array(0..<1000), "epoch \(epoch) uses every pair once")
            for batch in batches {
                let longest = batch.map { data[$0].target.count + 1 }.max()!
                XCTAssertTrue(batch.count == 1 || batch.count * longest <= 300, "batch of \(batch.count) × \(longest) over budget")
            }
        }
    }

    func testOrderRepeatsForASeedAndChangesWithTheEpoch() {
        let batcher = TokenBatcher(pairs: pairs(500), maxTokens: 200, seed: 11)
        XCTAssertEqual(batcher.batches(epoch: 1), batcher.batches(epoch: 1))
        XCTAssertNotEqual(batcher.batches(epoch: 1), batcher.batches(epoch: 2))
        XCTAssertNotEqual(batcher.batches(epoch: 1), TokenBatcher(pairs: pairs(500), maxTokens: 200, seed: 12).batches(epoch: 1))
    }

    func testBucketingKeepsPaddingLow() {
        let data = pairs(2000)
        let batches = TokenBatcher(pairs: data, maxTokens: 1000, seed: 5).batches(epoch: 0)
        var real = 0, padded = 0
        for batch in batches {
            let longest = batch.map { data[$0].target.count }.max()!
            real += batch.map { data[$0].target.count }.reduce(0, +)
            padded += longest * batch.count
        }
        XCTAssertGreaterThan(Double(real) / Double(padded), 0.9, "sorted windows should leave under 10 % padding")
    }
}
