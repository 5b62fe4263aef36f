import Foundation
import TernStore
import XCTest
@testable import TernTensorBoard

/// Which scalars a training-log row becomes, and at which wall time.
final class TrainingLogExportTests: XCTestCase {
    let train = TrainingLogEntry(runID: "r", step: 100, epoch: 1, kind: .train, loss: 4.5, learningRate: 0.0005,
                                 tokensPerSecond: 1200, wallSeconds: 10, extra: ["grad_norm": 1.25])
    let valid = TrainingLogEntry(runID: "r", step: 100, epoch: 1, kind: .valid, loss: 4.0, learningRate: 0.0005,
                                 wallSeconds: 30, extra: ["perplexity": 54.5, "bleu": 1.5, "chrf": 12.25])

    func testTagsOfTrainAndValidRows() {
        XCTAssertEqual(TrainingLogScalars.scalars(of: train).map(\.tag),
                       ["train/loss", "train/lr", "train/tokens_per_second", "train/grad_norm"])
        XCTAssertEqual(TrainingLogScalars.scalars(of: train).map(\.value), [4.5, 0.0005, 1200, 1.25])
        XCTAssertEqual(TrainingLogScalars.scalars(of: valid).map(\.tag), ["dev/loss", "dev/bleu", "dev/chrf", "dev/perplexity"])
        XCTAssertEqual(TrainingLogScalars.scalars(of: valid).map(\.value), [4.0, 1.5, 12.25, 54.5])
        let bare = TrainingLogEntry(runID: "r", step: 1, epoch: 1, kind: .train, loss: 3)
        XCTAssertEqual(TrainingLogScalars.scalars(of: bare).map(\.tag), ["train/loss"])
    }

    /// Rows stored by one checkpoint share `loggedAt`; each is placed before it by its distance in `wallSeconds` from
    /// the checkpoint's latest row. A resume's rows keep their own checkpoint's time, so the gap between runs stays.
    func testWallTimes() {
        func row(_ seconds: Double?, loggedAt: Double?) -> TrainingLogEntry {
            var entry = TrainingLogEntry(runID: "r", step: 1, epoch: 1, kind: .train, wallSeconds: seconds)
            entry.loggedAt = loggedAt.map { Date(timeIntervalSince1970: $0) }
            return entry
        }
        let rows = [row(10, loggedAt: 1000), row(20, loggedAt: 1000), row(30, loggedAt: 1000),
                    row(40, loggedAt: 5000), row(45, loggedAt: 5000), row(nil, loggedAt: 6000), row(7, loggedAt: nil)]
        XCTAssertEqual(TrainingLogExport.wallTimes(of: rows), [980, 990, 1000, 4995, 5000, 6000, 7])
    }

    func testExportWritesEveryScalarAtItsStep() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("tern-tb-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        var rows = [train, valid]
        rows[0].loggedAt = Date(timeIntervalSince1970: 2000)
        rows[1].loggedAt = Date(timeIntervalSince1970: 2000)
        let summary = try TrainingLogExport.write(rows, toDirectory: directory)
        XCTAssertEqual(summary.rows, 2)
        XCTAssertEqual(summary.scalars, 8)
        let events = try EventFileReader(path: summary.path).events().dropFirst()
        XCTAssertEqual(events.map(\.step), Array(repeating: 100, count: 8))
        XCTAssertEqual(events.map(\.wallTime), Array(repeating: 1980, count: 4) + Array(repeating: 2000, count: 4))
        XCTAssertEqual(events.flatMap(\.values), [
            SummaryValue(tag: "train/loss", content: .scalar(4.5)), SummaryValue(tag: "train/lr", content: .scalar(0.0005)),
            SummaryValue(tag: "train/tokens_per_second", content: .scalar(1200)),
            SummaryValue(tag: "train/grad_norm", content: .scalar(1.25)),
            SummaryValue(tag: "dev/loss", content: .scalar(4)), SummaryValue(tag: "dev/bleu", content: .scalar(1.5)),
            SummaryValue(tag: "dev/chrf", content: .scalar(12.25)), SummaryValue(tag: "dev/perplexity", content: .scalar(54.5)),
        ])
    }
}
