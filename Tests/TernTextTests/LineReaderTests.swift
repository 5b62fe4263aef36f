import Foundation
import TernText
import XCTest

final class LineReaderTests: XCTestCase {
    func testSplitsOnNewlinesAndStripsCarriageReturns() throws {
        let directory = try temporaryDirectory(for: self)
        let path = try writeFile("crlf.txt", text: "\u{FEFF}uno\r\ndos\n\ntres\r\n", in: directory)
        XCTAssertEqual(try LineReader.lines(ofFile: path), ["uno", "dos", "", "tres"])
        let unterminated = try writeFile("last.txt", text: "a\nb", in: directory)
        XCTAssertEqual(try LineReader.lines(ofFile: unterminated), ["a", "b"])
        let empty = try writeFile("empty.txt", text: "", in: directory)
        XCTAssertEqual(try LineReader.lines(ofFile: empty), [])
    }

    func testInvalidUTF8NamesFileAndLine() throws {
        let directory = try temporaryDirectory(for: self)
        let cases: [(bytes: [UInt8], line: Int)] = [
            (Array("ok\nstill ok\n".utf8) + [0x62, 0xFF, 0x0A] + Array("fine\n".utf8), 3),
            ([0x80] + Array("\nok\n".utf8), 1),  // lone continuation byte
            (Array("ok\n".utf8) + [0xC0, 0xAF, 0x0A], 2),  // overlong encoding of "/"
            (Array("ok\nok\nok\nok\n".utf8) + [0x61, 0xE2, 0x82], 5),  // truncated at end of file
            (Array("ok\r\n".utf8) + [0xED, 0xA0, 0x80, 0x0D, 0x0A], 2),  // UTF-16 surrogate
        ]
        for (index, testCase) in cases.enumerated() {
            let path = try writeFile("bad\(index).txt", bytes: testCase.bytes, in: directory)
            XCTAssertThrowsError(try LineReader.lines(ofFile: path)) { error in
                XCTAssertEqual(error as? TextError, .invalidUTF8(path: path, line: testCase.line))
                let message = String(describing: error)
                XCTAssertTrue(message.contains(path), message)
                XCTAssertTrue(message.contains("line \(testCase.line)"), message)
            }
        }
    }

    func testMissingFileIsAnError() {
        XCTAssertThrowsError(try LineReader.lines(ofFile: "/nonexistent/tern/file.txt")) { error in
            guard case .unreadableFile(let path, _)? = error as? TextError else { return XCTFail("\(error)") }
            XCTAssertEqual(path, "/nonexistent/tern/file.txt")
        }
    }

    func testReadsTheShippedCorpus() throws {
        let lines = try bibleLines("dev.es")
        XCTAssertEqual(lines.count, 1015)
        XCTAssertFalse(lines.contains { $0.hasSuffix("\r") })
    }
}
