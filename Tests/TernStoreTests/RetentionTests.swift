import XCTest
@testable import TernStore

final class RetentionTests: XCTestCase {
    private func save(_ model: ModelFile, step: Int, bleu: Double?, loss: Double? = nil,
                      retention: RetentionPolicy) throws {
        var metrics: [String: Double] = [:]
        metrics["bleu"] = bleu
        metrics["valid_loss"] = loss
        let tensor = StoredTensor(name: "w", shape: [4], values: [Float(step), 1, 2, 3])
        try model.saveCheckpoint(CheckpointContents(step: step, epoch: 1, kind: .last,
                                                    metrics: metrics, parameters: [tensor], optimizerState: [tensor]),
                                 retention: retention)
    }

    func testKeepsNewestAndBestByHigherMetric() throws {
        let directory = try TemporaryDirectory()
        let model = try ModelFile.create(at: directory.file("retain.tern"), configJSON: "{}")
        let policy = RetentionPolicy(keepLast: 2, keepBest: 2, metric: "bleu", higherIsBetter: true)
        let bleu: [Int: Double] = [1: 10, 2: 25, 3: 20, 4: 25, 6: 12, 8: 5]
        for step in 1...9 { try save(model, step: step, bleu: bleu[step], retention: policy) }
        // Newest two: 9, 8. Best two by BLEU: 25 at step 2 and 25 at step 4 (the tie goes to the earlier step first,
        // and both fit).
        XCTAssertEqual(try model.checkpoints().map(\.step), [2, 4, 8, 9])
        // Pruned checkpoints take their tensors with them; steps 2 and 4, kept only for their BLEU, keep their weights
        // (one tensor each) and lose their optimizer state; the newest two keep both.
        XCTAssertEqual(try model.database.integer("SELECT count(*) FROM tensors"), 2 * 1 + 2 * 2)
        XCTAssertEqual(try model.checkpoints().map(\.kind), [.best, .best, .last, .last])
        XCTAssertEqual(try model.checkpoints().map(\.tensorCount), [1, 1, 2, 2])
        XCTAssertEqual(try model.loadCheckpoint(id: try model.checkpoints()[0].id).optimizerState, [])
        XCTAssertEqual(try model.loadLatestCheckpoint().optimizerState.count, 1)
        XCTAssertEqual(try model.database.integer(
            "SELECT count(*) FROM tensors WHERE checkpoint_id NOT IN (SELECT id FROM checkpoints)"), 0)
        XCTAssertEqual(try model.loadBestCheckpoint(metric: "bleu", higherIsBetter: true).step, 2)
        XCTAssertEqual(try model.loadLatestCheckpoint().step, 9)
        XCTAssertEqual(try model.loadLatestCheckpoint().parameters[0].values[0], 9)
    }

    /// A checkpoint that is the newest and the best at once is one row with one copy of its tensors, optimizer state
    /// included; once newer saves push it out of the newest, its optimizer state goes and its weights stay.
    func testTheNewestBestIsStoredOnceAndLosesItsMomentsWhenReplaced() throws {
        let directory = try TemporaryDirectory()
        let model = try ModelFile.create(at: directory.file("once.tern"), configJSON: "{}")
        let policy = RetentionPolicy(keepLast: 1, keepBest: 1, metric: "bleu", higherIsBetter: true)
        try save(model, step: 1, bleu: 30, retention: policy)
        XCTAssertEqual(try model.checkpoints().map(\.step), [1])
        XCTAssertEqual(try model.database.integer("SELECT count(*) FROM tensors"), 2, "one parameter, one optimizer tensor")
        try save(model, step: 2, bleu: 10, retention: policy)
        XCTAssertEqual(try model.checkpoints().map(\.kind), [.best, .last])
        XCTAssertEqual(try model.database.integer("SELECT count(*) FROM tensors WHERE role = 'optimizer'"), 1)
        let best = try model.loadBestCheckpoint(metric: "bleu", higherIsBetter: true)
        XCTAssertEqual(best.step, 1)
        XCTAssertEqual(best.parameters[0].values, [1, 1, 2, 3], "the weights are untouched")
        XCTAssertEqual(best.summary.metrics, ["bleu": 30])
        // The rewritten row still passes its checksum in a fresh connection.
        let path = model.path
        model.close()
        let reopened = try ModelFile(openingAt: path, access: .readOnly)
        XCTAssertEqual(try reopened.checkpoints().map(\.tensorCount), [1, 2])
    }

    func testKeepsBestByLowerMetric() throws {
        let directory = try TemporaryDirectory()
        let model = try ModelFile.create(at: directory.file("loss.tern"), configJSON: "{}")
        let policy = RetentionPolicy(keepLast: 1, keepBest: 1, metric: "valid_loss", higherIsBetter: false)
        let losses: [Double] = [3.0, 2.0, 2.5, 1.5, 1.8, 1.9]
        for (index, loss) in losses.enumerated() { try save(model, step: index + 1, bleu: nil, loss: loss, retention: policy) }
        XCTAssertEqual(try model.checkpoints().map(\.step), [4, 6])
        XCTAssertEqual(try model.loadBestCheckpoint(metric: "valid_loss", higherIsBetter: false).step, 4)
    }

    func testKeepLastOnlyAndNoPolicyKeepsAll() throws {
        let directory = try TemporaryDirectory()
        let model = try ModelFile.create(at: directory.file("last.tern"), configJSON: "{}")
        for step in 1...4 { try save(model, step: step, bleu: Double(step), retention: RetentionPolicy(keepLast: 10)) }
        XCTAssertEqual(try model.checkpoints().count, 4)
        try save(model, step: 5, bleu: 100, retention: RetentionPolicy(keepLast: 3))
        XCTAssertEqual(try model.checkpoints().map(\.step), [3, 4, 5], "best is not kept when keepBest is 0")
    }

    func testPolicyRanking() {
        let candidates = [
            RetentionPolicy.Candidate(id: 1, step: 10, metrics: ["bleu": 30]),
            RetentionPolicy.Candidate(id: 2, step: 20, metrics: [:]),
            RetentionPolicy.Candidate(id: 3, step: 30, metrics: ["bleu": 31]),
            RetentionPolicy.Candidate(id: 4, step: 30, metrics: ["bleu": 1]),
            RetentionPolicy.Candidate(id: 5, step: 5, metrics: ["bleu": 31]),
        ]
        let policy = RetentionPolicy(keepLast: 1, keepBest: 2, metric: "bleu")
        // Newest: step 30 with the later id 4. Best two: 31 at step 5 (earlier), then 31 at step 30.
        XCTAssertEqual(policy.survivors(of: candidates), [4, 5, 3])
        XCTAssertEqual(RetentionPolicy.ranked(candidates, by: "bleu", higherIsBetter: false).map(\.id), [4, 1, 5, 3])
    }
}
