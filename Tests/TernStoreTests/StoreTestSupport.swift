import Foundation
import XCTest
@testable import TernStore

/// SplitMix64: a tiny seeded generator, so every "random" test is the same on every run.
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var mixed = (state ^ (state >> 30)) &* 0xBF58_476D_1CE4_E5B9
        mixed = (mixed ^ (mixed >> 27)) &* 0x94D0_49BB_1331_11EB
        return mixed ^ (mixed >> 31)
    }
}

/// A fresh directory per test, removed afterwards.
final class TemporaryDirectory {
    let path: String

    init() throws {
        path = FileManager.default.temporaryDirectory.appendingPathComponent("tern-store-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    func file(_ name: String) -> String { "\(path)/\(name)" }

    deinit { try? FileManager.default.removeItem(atPath: path) }
}

enum Fixtures {
    static let config = #"{"family":"transformer","dimensions":256,"layers":{"encoder":2,"decoder":2},"heads":4,"tied":true}"#

    /// Values whose bit patterns a lossy path would change: NaNs with payloads and signs, ±0, ±inf, denormals,
    /// the extremes of the float range, and then random bit patterns.
    static func trickyValues(count: Int, using generator: inout SeededGenerator) -> [Float] {
        let special: [Float] = [
            Float(bitPattern: 0x7FC0_0001), Float(bitPattern: 0xFFC1_2345), Float(bitPattern: 0x7F80_0001),  // NaNs
            -0.0, 0.0, .infinity, -.infinity, .leastNonzeroMagnitude, -.leastNonzeroMagnitude,
            Float(bitPattern: 0x0000_1234), Float(bitPattern: 0x807F_FFFF), .greatestFiniteMagnitude, .ulpOfOne,
        ]
        return (0..<count).map { index in
            index < special.count ? special[index] : Float(bitPattern: UInt32(truncatingIfNeeded: generator.next()))
        }
    }

    static func tensor(_ name: String, _ shape: [Int], using generator: inout SeededGenerator) -> StoredTensor {
        StoredTensor(name: name, shape: shape, values: trickyValues(count: shape.reduce(1, *), using: &generator))
    }

    /// A small transformer-like parameter set, including a scalar and an empty tensor.
    static func parameters(seed: UInt64, scale: Int = 1) -> [StoredTensor] {
        var generator = SeededGenerator(seed: seed)
        return [
            tensor("encoder.embedding.weight", [50 * scale, 16], using: &generator),
            tensor("encoder.layers.0.self_attn.q_proj.weight", [16, 16], using: &generator),
            tensor("encoder.layers.0.self_attn.q_proj.bias", [16], using: &generator),
            tensor("decoder.layers.0.feed_forward.linear1.weight", [64 * scale, 16], using: &generator),
            tensor("decoder.output.scale", [], using: &generator),
            tensor("decoder.unused.empty", [0, 16], using: &generator),
        ]
    }

    static func optimizerState(seed: UInt64) -> [StoredTensor] {
        var generator = SeededGenerator(seed: seed)
        return [
            tensor("encoder.embedding.weight.adam_m", [50, 16], using: &generator),
            tensor("encoder.embedding.weight.adam_v", [50, 16], using: &generator),
        ]
    }

    static let sourceVocabulary: StoredVocabulary = [("<pad>", 0), ("<unk>", 0), ("<s>", 0), ("</s>", 0),
                                                ("la", 120), ("▁casa", 31), ("é", 7), ("日本", 2), ("a\tb", 1)]
    static let targetVocabulary: StoredVocabulary = [("<pad>", 0), ("<unk>", 0), ("the", 200), ("▁house", 40)]
    static let merges: StoredMerges = [("t", "h"), ("th", "e"), ("▁", "c"), ("日", "本")]

    /// A model with everything in it: config, vocabularies, merges, one checkpoint, two log rows.
    @discardableResult
    static func makeModel(at path: String, parameterScale: Int = 1) throws -> (model: ModelFile, saved: CheckpointContents) {
        let model = try ModelFile.create(at: path, configJSON: config)
        try model.setVocabularies(source: sourceVocabulary, target: targetVocabulary)
        try model.setMerges(merges)
        let contents = CheckpointContents(
            step: 1200, epoch: 3, kind: .best, metrics: ["bleu": 27.25, "chrf": 51.5, "valid_loss": 2.125],
            parameters: parameters(seed: 1, scale: parameterScale), optimizerState: optimizerState(seed: 2),
            resumeState: #"{"step":1200,"rng":[1,2,3],"scheduler":{"warmup":4000},"data":{"shard":2,"offset":4096}}"#)
        try model.saveCheckpoint(contents)
        try model.appendTrainingLog([
            TrainingLogEntry(runID: "run-1", step: 1100, epoch: 3, kind: .train, loss: 2.5, learningRate: 3e-4,
                             tokensPerSecond: 12000, wallSeconds: 600),
            TrainingLogEntry(runID: "run-1", step: 1200, epoch: 3, kind: .valid, loss: 2.125, wallSeconds: 660,
                             extra: ["bleu": 27.25, "chrf": 51.5]),
        ])
        return (model, contents)
    }
}

/// Asserts that `body` throws a ``StoreError`` matching `matches`, and returns it.
@discardableResult
func assertStoreError<T>(_ body: @autoclosure () throws -> T, file: StaticString = #filePath, line: UInt = #line,
                         _ matches: (StoreError) -> Bool = { _ in true }) -> StoreError? {
    do {
        _ = try body()
        XCTFail("expected a StoreError, got a result", file: file, line: line)
    } catch let error as StoreError {
        XCTAssertTrue(matches(error), "unexpected StoreError: \(error)", file: file, line: line)
        return error
    } catch {
        XCTFail("expected a StoreError, got \(type(of: error)): \(error)", file: file, line: line)
    }
    return nil
}

/// Element-wise comparison of vocabularies and merges (tuples are not Equatable).
func assertEqualVocabulary(_ left: StoredVocabulary, _ right: StoredVocabulary, file: StaticString = #filePath, line: UInt = #line) {
    XCTAssertEqual(left.map(\.token), right.map(\.token), file: file, line: line)
    XCTAssertEqual(left.map(\.frequency), right.map(\.frequency), file: file, line: line)
}

func assertEqualMerges(_ left: StoredMerges, _ right: StoredMerges, file: StaticString = #filePath, line: UInt = #line) {
    XCTAssertEqual(left.map { "\($0.left) \($0.right)" }, right.map { "\($0.left) \($0.right)" }, file: file, line: line)
}
