import Foundation
import TernData
import XCTest

/// Lines across chunk boundaries, longer than a chunk, with CRLF, a byte-order mark and no final newline: the same
/// lines and offsets as splitting the whole file.
final class LineStreamTests: XCTestCase {
    func testChunkedReadingMatchesSplittingTheWholeFile() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("tern-lines-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let body = "first line\r\nsecond\n\nthird line is longer than a chunk of sixteen bytes\r\nlast, without newline"
        let bytes: [UInt8] = [0xEF, 0xBB, 0xBF] + Array(body.utf8)
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        for chunkSize in [1, 7, 16, 1 << 20] {
            let stream = try LineStream(path: path, chunkSize: chunkSize)
            var lines: [String] = [], offsets: [Int] = []
            while let line = stream.next() {
                XCTAssertEqual(line.number, lines.count + 1)
                lines.append(String(decoding: line.bytes, as: UTF8.self))
                offsets.append(line.fileOffset)
            }
            XCTAssertEqual(lines, ["first line", "second", "", "third line is longer than a chunk of sixteen bytes", "last, without newline"], "chunk \(chunkSize)")
            // The BOM is skipped (3 bytes); each later line starts after the previous one's terminator.
            XCTAssertEqual(offsets, [3, 15, 22, 23, 75], "chunk \(chunkSize)")
            XCTAssertEqual(stream.bytesRead, bytes.count)
        }
        XCTAssertThrowsError(try LineStream(path: path + ".missing")) { error in
            XCTAssertEqual(error as? DataCheckError, .unreadableFile(path: path + ".missing", reason: "no such file"))
        }
    }
}
