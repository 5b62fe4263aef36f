import Foundation
import TernText
import XCTest

final class ParallelCorpusTests: XCTestCase {
    func testReadsAlignedFiles() throws {
        let directory = try temporaryDirectory(for: self)
        let source = try writeFile("a.en", text: "one\ntwo\n", in: directory)
        let target = try writeFile("a.es", text: "uno\ndos\n", in: directory)
        let corpus = try ParallelCorpus(sourcePath: source, targetPath: target)
        XCTAssertEqual(corpus.count, 2)
        XCTAssertEqual(corpus.targetLines, ["uno", "dos"])
    }

    func testLineCountMismatchNamesBothFilesAndCounts() throws {
        let directory = try temporaryDirectory(for: self)
        let source = try writeFile("train.en", text: "one\ntwo\nthree\n", in: directory)
        let target = try writeFile("train.es", text: "uno\ndos\n", in: directory)
        XCTAssertThrowsError(try ParallelCorpus(sourcePath: source, targetPath: target)) { error in
            XCTAssertEqual(error as? TextError, .lineCountMismatch(sourcePath: source, sourceLines: 3, targetPath: target, targetLines: 2))
            let message = String(describing: error)
            for part in [source, target, "3", "2"] { XCTAssertTrue(message.contains(part), message) }
        }
    }

    func testEmptyFileIsAnError() throws {
        let directory = try temporaryDirectory(for: self)
        let source = try writeFile("full.en", text: "one\n", in: directory)
        let target = try writeFile("empty.es", text: "", in: directory)
        XCTAssertThrowsError(try ParallelCorpus(sourcePath: source, targetPath: target)) { error in
            XCTAssertEqual(error as? TextError, .emptyFile(path: target))
        }
    }

    func testInvalidUTF8OnEitherSideNamesFileAndLine() throws {
        let directory = try temporaryDirectory(for: self)
        let source = try writeFile("s.en", text: "one\ntwo\n", in: directory)
        let target = try writeFile("t.es", bytes: Array("uno\n".utf8) + [0x64, 0x6F, 0xF5, 0x0A], in: directory)
        XCTAssertThrowsError(try ParallelCorpus(sourcePath: source, targetPath: target)) { error in
            XCTAssertEqual(error as? TextError, .invalidUTF8(path: target, line: 2))
        }
    }

    func testFilterCountsEmptyAndOverlongPairs() {
        let corpus = ParallelCorpus(
            sourceLines: ["a b c", "  ", "a b c d e", "one", "x y", "z"],
            targetLines: ["x y", "nonempty", "p", "\t", "p q r s", "w"]
        )
        let result = corpus.filtered(maximumTokens: 3)
        XCTAssertEqual(result.droppedEmpty, 2)
        XCTAssertEqual(result.droppedTooLong, 2)
        XCTAssertEqual(result.kept, 2)
        XCTAssertEqual(result.corpus.sourceLines, ["a b c", "z"])
        XCTAssertEqual(result.corpus.targetLines, ["x y", "w"])
        XCTAssertEqual(corpus.filtered(maximumTokens: 10).droppedTooLong, 0)
        // A custom length measure, e.g. characters.
        XCTAssertEqual(corpus.filtered(maximumTokens: 2, tokenCount: { $0.count }).kept, 1)
    }
}
