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

    /// The hand-written validator must accept and reject exactly what the standard library does.
    func testValidationAgreesWithStandardLibraryOnRandomBytes() throws {
        var generator = SeededGenerator(seed: 17)
        let interesting: [UInt8] = [0x41, 0x7F, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF, 0xC0, 0xC1, 0xC2, 0xDF, 0xE0, 0xE1, 0xED, 0xEE, 0xEF, 0xF0, 0xF1, 0xF4, 0xF5, 0xFF]
        for _ in 0..<3000 {
            let length = Int.random(in: 0...12, using: &generator)
            let bytes = (0..<length).map { _ in
                Bool.random(using: &generator) ? interesting.randomElement(using: &generator)! : UInt8.random(in: 0x20...0xFF, using: &generator)
            }
            let expected = String(validating: bytes, as: UTF8.self)
            let lines = try? LineReader.lines(of: bytes, path: "random")
            XCTAssertEqual(lines == nil, expected == nil, "\(bytes)")
            if let expected, let lines { XCTAssertEqual(lines, expected.isEmpty ? [] : [expected]) }
        }
    }
}
