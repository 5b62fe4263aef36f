import Foundation
import TernStore
import XCTest
@testable import TernTensorBoard

/// The writer and the reader together: what is written reads back, and damage is found at the record it is in.
final class EventFileTests: XCTestCase {
    var directory: String!

    override func setUpWithError() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("tern-tb-\(UUID().uuidString)").path
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(atPath: directory) }

    /// A file of the file-version event, two scalars and a histogram (records 0 to 3).
    func writeSample() throws -> String {
        let writer = try EventFileWriter(directory: directory, wallTime: 100, hostname: "h")
        try writer.scalar(tag: "train/loss", value: 2.25, step: 10, wallTime: 101.5)
        try writer.scalar(tag: "train/lr", value: 0.001, step: 10, wallTime: 101.5)
        try writer.histogram(tag: "encoder/weight", histogram: Histogram(values: [0, 1.5, 2, 5, 7.5, 8], binCount: 4),
                             step: 20, wallTime: 102)
        try writer.close()
        return writer.path
    }

    func testRoundTrip() throws {
        let events = try EventFileReader(path: try writeSample()).events()
        XCTAssertEqual(events, [
            Event(wallTime: 100, fileVersion: "brain.Event:2"),
            Event(wallTime: 101.5, step: 10, values: [SummaryValue(tag: "train/loss", content: .scalar(2.25))]),
            Event(wallTime: 101.5, step: 10, values: [SummaryValue(tag: "train/lr", content: .scalar(0.001))]),
            Event(wallTime: 102, step: 20, values: [SummaryValue(tag: "encoder/weight", content: .histogram(EventHistogram(
                minimum: 0, maximum: 8, count: 6, sum: 24, sumOfSquares: 151.5, bucketLimits: [2, 4, 6, 8],
                bucketCounts: [2, 1, 1, 2])))]),
        ])
    }

    /// Records are buffered until flush, the file-version record too: the file is empty until then.
    func testFlushMakesRecordsVisible() throws {
        let writer = try EventFileWriter(directory: directory, wallTime: 1, hostname: "h")
        try writer.scalar(tag: "loss", value: 0.5, step: 1, wallTime: 2)
        XCTAssertEqual(try EventFileReader(path: writer.path).records().count, 0)
        try writer.flush()
        XCTAssertEqual(try EventFileReader(path: writer.path).events().map(\.step), [0, 1])
        try writer.close()
        XCTAssertThrowsError(try writer.scalar(tag: "loss", value: 1, step: 2)) { error in
            XCTAssertEqual(error as? TensorBoardError, .cannotWrite(path: writer.path, reason: "the writer is closed"))
        }
    }

    /// Two writers in one directory in the same second get two files.
    func testWritersNeverShareAFile() throws {
        let first = try EventFileWriter(directory: directory, wallTime: 5, hostname: "h")
        let second = try EventFileWriter(directory: directory, wallTime: 5, hostname: "h")
        XCTAssertEqual((first.path as NSString).lastPathComponent.split(separator: ".").last, "0")
        XCTAssertEqual((second.path as NSString).lastPathComponent.split(separator: ".").last, "1")
        try first.close()
        try second.close()
    }

    /// A byte flipped in any of the four parts of record k stops the reader at record k, with the damage named.
    func testFlippedByteIsReportedAtItsRecord() throws {
        let path = try writeSample()
        let original = [UInt8](FileManager.default.contents(atPath: path)!)
        let records = try EventFileReader(path: path).records()
        XCTAssertEqual(records.count, 4)
        for k in 0..<records.count {
            let start = records[..<k].reduce(0) { $0 + $1.count + 16 }
            let length = records[k].count
            let cases: [(offset: Int, damage: TensorBoardError.RecordDamage)] = [
                (start + 3, .lengthChecksum),               // inside the length
                (start + 9, .lengthChecksum),               // inside the length's CRC
                (start + 12 + length / 2, .dataChecksum),   // inside the data
                (start + 12 + length + 2, .dataChecksum),   // inside the data's CRC
            ]
            for (offset, damage) in cases {
                var bytes = original
                bytes[offset] ^= 0x20
                _ = FileManager.default.createFile(atPath: path, contents: Data(bytes))
                XCTAssertThrowsError(try EventFileReader(path: path).events(), "record \(k), byte \(offset)") { error in
                    XCTAssertEqual(error as? TensorBoardError, .damagedRecord(path: path, record: k, damage: damage))
                }
            }
        }
        _ = FileManager.default.createFile(atPath: path, contents: Data(original))
        XCTAssertEqual(try EventFileReader(path: path).events().count, 4)
    }

    func testTruncatedFileAndMissingFile() throws {
        let path = try writeSample()
        let bytes = [UInt8](FileManager.default.contents(atPath: path)!)
        _ = FileManager.default.createFile(atPath: path, contents: Data(bytes.dropLast(1)))
        XCTAssertThrowsError(try EventFileReader(path: path).records()) { error in
            XCTAssertEqual(error as? TensorBoardError, .damagedRecord(path: path, record: 3, damage: .truncated))
        }
        XCTAssertEqual("\(TensorBoardError.damagedRecord(path: "/d/f", record: 3, damage: .truncated))",
                       "/d/f: record 3 (counting from 0) is damaged: the file ends inside it")
        XCTAssertThrowsError(try EventFileReader(path: directory + "/none").records()) { error in
            XCTAssertEqual(error as? TensorBoardError, .fileNotFound(path: directory + "/none"))
        }
    }

    /// Valid CRCs around bytes that are no Event message.
    func testMalformedEventIsNamed() throws {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let path = directory + "/events.out.tfevents.0000000000.x"
        // Field 1 claims a 64-bit double but only two bytes follow.
        _ = FileManager.default.createFile(atPath: path, contents: Data(EventRecord.framed([0x09, 0x00, 0x00])))
        XCTAssertThrowsError(try EventFileReader(path: path).events()) { error in
            XCTAssertEqual(error as? TensorBoardError,
                           .damagedRecord(path: path, record: 0, damage: .malformedEvent("a fixed-width field runs past the end")))
        }
    }

    func testUncreatableDirectory() throws {
        _ = FileManager.default.createFile(atPath: directory, contents: Data("a file".utf8))
        XCTAssertThrowsError(try EventFileWriter(directory: directory + "/sub")) { error in
            guard case let .cannotCreate(path, _)? = error as? TensorBoardError else { return XCTFail("\(error)") }
            XCTAssertEqual(path, directory + "/sub")
        }
    }
}
