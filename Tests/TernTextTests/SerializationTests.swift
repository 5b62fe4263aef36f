import Foundation
import TernText
import XCTest

final class SerializationTests: XCTestCase {
    private func learned() throws -> SubwordModels {
        let english = Array(try bibleLines("dev.en").prefix(300)), spanish = Array(try bibleLines("dev.es").prefix(300))
        return SubwordModels.learn(config: SubwordConfig(merges: 150, joint: false), sourceLines: english, targetLines: spanish)
    }

    func testModelAndVocabularyRoundTripThroughPlainValues() throws {
        let models = try learned()
        for tokenizer in [models.source, models.target] {
            let merges: [(left: String, right: String)] = tokenizer.model.merges
            let rebuiltModel = try BPEModel(merges: merges)
            XCTAssertEqual(rebuiltModel, tokenizer.model)
            XCTAssertEqual(rebuiltModel.merges.map { $0.left + " " + $0.right }, merges.map { $0.left + " " + $0.right })
            let entries: [(token: String, frequency: Int)] = tokenizer.vocabulary.entries
            let rebuiltVocabulary = try Vocabulary(entries: entries)
            XCTAssertEqual(rebuiltVocabulary, tokenizer.vocabulary)
            XCTAssertEqual(rebuiltVocabulary.entries.map(\.token), entries.map(\.token))
            XCTAssertEqual(rebuiltVocabulary.entries.map(\.frequency), entries.map(\.frequency))
        }
        let rebuilt = try SubwordModels(
            config: models.config,
            sourceMerges: models.source.model.merges, sourceVocabulary: models.source.vocabulary.entries,
            targetMerges: models.target.model.merges, targetVocabulary: models.target.vocabulary.entries
        )
        for line in try bibleLines("test.es").prefix(50) {
            XCTAssertEqual(rebuilt.target.encode(line), models.target.encode(line))
        }
        XCTAssertThrowsError(try BPEModel(merges: [("a", "")]))
    }

    func testConfigIsCodable() throws {
        for config in [SubwordConfig(), SubwordConfig(merges: 3000, minFrequency: 5, joint: false, lowercase: true, vocabularySize: 4000)] {
            let data = try JSONEncoder().encode(config)
            XCTAssertEqual(try JSONDecoder().decode(SubwordConfig.self, from: data), config)
        }
        let minimal = try JSONDecoder().decode(SubwordConfig.self, from: Data(#"{"merges":10,"minFrequency":2,"joint":true,"lowercase":false}"#.utf8))
        XCTAssertEqual(minimal, SubwordConfig(merges: 10))
    }

    func testPlainTextFilesRoundTrip() throws {
        let directory = try temporaryDirectory(for: self)
        let models = try learned()
        let mergesPath = directory.appendingPathComponent("m.merges").path
        let vocabularyPath = directory.appendingPathComponent("m.vocab").path
        try PlainTextFormat.write(models.source.model, toFile: mergesPath)
        try PlainTextFormat.write(models.source.vocabulary, toFile: vocabularyPath)
        XCTAssertEqual(try PlainTextFormat.readModel(fromFile: mergesPath), models.source.model)
        XCTAssertEqual(try PlainTextFormat.readVocabulary(fromFile: vocabularyPath), models.source.vocabulary)
        let broken = try writeFile("broken.merges", text: "\(PlainTextFormat.mergesHeader)\na b\nc\n", in: directory)
        XCTAssertThrowsError(try PlainTextFormat.readModel(fromFile: broken)) { error in
            XCTAssertEqual(error as? TextError, .malformedLine(path: broken, line: 3, reason: "expected two symbols separated by one space"))
        }
    }
}
