import Foundation
import TernStore
import XCTest
@testable import TernTensorBoard

/// Records byte for byte: the two check values of issue 15, and two more made with TensorBoard's own protobuf classes
/// and record writer (`Fixtures/reference_records.py`).
final class EventRecordTests: XCTestCase {
    let fileVersionRecord = "1800000000000000a37f4b2209000000000000f03f1a0d627261696e2e4576656e743a3286bf577a"
    let lossRecord = "1a00000000000000129bd82d09000000000000004010012a0d0a0b0a046c6f7373150000003fe20576ce"

    func record(_ event: Event) -> String { Hex.string(EventRecord.framed(event.encoded())) }

    func testFileVersionRecord() {
        XCTAssertEqual(record(Event(wallTime: 1.0, fileVersion: "brain.Event:2")), fileVersionRecord)
    }

    func testScalarRecord() {
        XCTAssertEqual(record(Event(wallTime: 2.0, step: 1, values: [SummaryValue(tag: "loss", content: .scalar(0.5))])),
                       lossRecord)
    }

    func testHistogramRecordMatchesTensorBoard() {
        let histogram = EventHistogram(minimum: -1, maximum: 2.5, count: 3, sum: 1.5, sumOfSquares: 8.25,
                                       bucketLimits: [0.75, 2.5], bucketCounts: [1, 2])
        XCTAssertEqual(record(Event(wallTime: 3.0, step: 2, values: [SummaryValue(tag: "w", content: .histogram(histogram))])),
                       "6500000000000000ebd05a6909000000000000084010022a580a560a01772a5109000000000000f0bf110000000000000440190000"
                       + "00000000084021000000000000f83f2900000000008020403210000000000000e83f00000000000004403a10000000000000f03f"
                       + "0000000000000040c1916ef2")
    }

    /// A negative step is a ten-byte varint; a zero scalar is still written (it is in a oneof).
    func testNegativeStepAndZeroScalarMatchTensorBoard() {
        let event = Event(wallTime: 1_700_000_000.25, step: -1, values: [SummaryValue(tag: "dev/bleu", content: .scalar(0))])
        XCTAssertEqual(record(event), "2700000000000000bbe1b1460900001040fc54d94110ffffffffffffffffff012a110a0f0a086465762f"
                                      + "626c6575150000000038ff95ff")
    }

    /// The writer's first two records are the check values, byte for byte, and its file name has the agreed form.
    func testWriterWritesTheCheckRecords() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("tern-tb-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let writer = try EventFileWriter(directory: directory, wallTime: 1.0, hostname: "host")
        try writer.scalar(tag: "loss", value: 0.5, step: 1, wallTime: 2.0)
        try writer.close()
        XCTAssertEqual((writer.path as NSString).lastPathComponent,
                       "events.out.tfevents.0000000001.host.\(ProcessInfo.processInfo.processIdentifier).0")
        let bytes = [UInt8](FileManager.default.contents(atPath: writer.path)!)
        XCTAssertEqual(Hex.string(bytes), fileVersionRecord + lossRecord)
    }
}
