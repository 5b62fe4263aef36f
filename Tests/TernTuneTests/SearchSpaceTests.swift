import Foundation
import XCTest
@testable import TernTune

final class SearchSpaceTests: XCTestCase {
    let allowed: Set<String> = ["learning_rate", "warmup", "dropout", "batch_tokens", "norm", "label_smoothing"]

    func parse(_ text: String) throws -> SearchSpace {
        try SearchSpaceFile.parse(text, path: "space.yaml", allowedKeys: allowed)
    }

    func testParsesEachKind() throws {
        let space = try parse("""
            learning_rate: {type: float, min: 1e-4, max: 1e-2, log: true}
            warmup: {type: int, min: 0, max: 2000, step: 250}
            dropout:
              type: float
              min: 0.0
              max: 0.3
              step: 0.05
            norm: {type: choice, values: [pre, post]}
            """)
        XCTAssertEqual(space.parameters.map(\.name), ["learning_rate", "warmup", "dropout", "norm"])
        XCTAssertEqual(space.parameters[0].kind, .real(low: 1e-4, high: 1e-2, log: true, step: nil))
        XCTAssertEqual(space.parameters[1].kind, .integer(low: 0, high: 2000, log: false, step: 250))
        XCTAssertEqual(space.parameters[2].kind, .real(low: 0, high: 0.3, log: false, step: 0.05))
        XCTAssertEqual(space.parameters[3].kind, .choice([.word("pre"), .word("post")]))
        XCTAssertEqual(space.parameters.map(\.line), [1, 2, 3, 8])
        XCTAssertEqual(space.dimensions, 5)
        XCTAssertEqual(space.numericColumns, [true, true, true, false, false])
    }

    /// Each bad space names its line and what was wrong.
    func testBadSpacesNameTheLine() {
        let cases: [(text: String, line: Int, mentions: String)] = [
            ("dropout: {type: float, min: 0, max: 0.3}\nlearning_rat: {type: float, min: 1, max: 2}", 2, "'learning_rat' is not a training or model key"),
            ("dropout: {type: float, min: 0.3, max: 0.3}", 1, "empty range"),
            ("warmup: {type: int, min: 10, max: 5}", 1, "empty range"),
            ("dropout: {type: float, min: 0.1, max: 0.3}\n\nlearning_rate: {type: float,\n  min: 0, max: 1e-2, log: true}", 4, "log range needs min > 0"),
            ("dropout: {type: float, min: 0.1, max: 0.3, steps: 2}", 1, "'steps' is not a field"),
            ("dropout: {type: real, min: 0.1, max: 0.3}", 1, "type must be float, int or choice"),
            ("dropout: {type: float, min: 0.1}", 1, "needs max"),
            ("dropout: {type: float, min: 0.1, max: 0.3, step: -0.1}", 1, "step must be positive"),
            ("dropout: {type: float, min: 0.1, max: 0.3}\nnorm: {type: choice, values: []}", 2, "non-empty list"),
            ("dropout: 0.1", 1, "needs a mapping"),
            ("dropout: {type: float, min: 0.1, max: 0.3}\ndropout: {type: float, min: 0.1, max: 0.2}", 2, "listed twice"),
            ("dropout: {type: float, min: a, max: 0.3}", 1, "min must be a number"),
            ("dropout: {type: float, min: 0.1, max: 0.3\n", 2, "not valid YAML"),
        ]
        for (text, line, mentions) in cases {
            XCTAssertThrowsError(try parse(text), text) { error in
                guard case let .badSpace(path, errorLine, reason) = error as? TuneError else { return XCTFail("\(error)") }
                XCTAssertEqual(path, "space.yaml")
                XCTAssertEqual(errorLine, line, "\(text) → \(reason)")
                XCTAssertTrue(reason.contains(mentions), "\(reason) should mention \(mentions)")
            }
        }
        XCTAssertThrowsError(try SearchSpaceFile.load(path: "/nonexistent/space.yaml", allowedKeys: allowed)) {
            XCTAssertEqual($0 as? TuneError, .missingSpace(path: "/nonexistent/space.yaml"))
        }
    }

    func testDrawsStayInRangeAndRespectStepsLogAndIntegers() throws {
        let space = try parse("""
            learning_rate: {type: float, min: 1e-4, max: 1e-2, log: true}
            warmup: {type: int, min: 100, max: 1100, step: 250}
            dropout: {type: float, min: 0.0, max: 0.3, step: 0.1}
            batch_tokens: {type: int, min: 512, max: 8192, log: true}
            norm: {type: choice, values: [pre, post]}
            """)
        var generator = TuneRandom(seed: 7)
        var belowGeometricMean = 0, warmups = Set<Int>(), dropouts = Set<Double>(), norms = Set<String>()
        let draws = 4000
        for _ in 0..<draws {
            let a = space.sample(&generator)
            guard case let .real(rate) = a[0], case let .integer(warmup) = a[1], case let .real(dropout) = a[2],
                  case let .integer(batch) = a[3], case let .word(norm) = a[4] else { return XCTFail("\(a)") }
            XCTAssertTrue((1e-4...1e-2).contains(rate))
            if rate < 1e-3 { belowGeometricMean += 1 }
            warmups.insert(warmup)
            dropouts.insert((dropout * 10).rounded() / 10)
            XCTAssertEqual(dropout * 10, (dropout * 10).rounded(), accuracy: 1e-9)
            XCTAssertTrue((512...8192).contains(batch))
            norms.insert(norm)
            // Decoding the encoding gives the draw back.
            XCTAssertEqual(space.decode(space.encode(a)), a)
        }
        // Log-uniform: half the draws below the geometric mean 1e-3 (binomial sd ≈ 0.008 of the draws).
        XCTAssertEqual(Double(belowGeometricMean) / Double(draws), 0.5, accuracy: 0.04)
        // The grid 100, 350, 600, 850 (1100 is on it too), and both ends are drawn.
        XCTAssertEqual(warmups, [100, 350, 600, 850, 1100])
        XCTAssertEqual(dropouts, [0, 0.1, 0.2, 0.3])
        XCTAssertEqual(norms, ["pre", "post"])
        // Any point of the cube decodes onto the grid and into the range.
        for _ in 0..<500 {
            let point = (0..<space.dimensions).map { _ in generator.uniform(-0.2, 1.2) }
            let a = space.decode(point)
            guard case let .integer(warmup) = a[1] else { return XCTFail() }
            XCTAssertTrue(warmups.contains(warmup))
        }
        XCTAssertEqual(space.overrides([.real(0.001), .integer(350), .real(0.1), .integer(1024), .word("pre")]),
                       ["learning_rate=0.001", "warmup=350", "dropout=0.1", "batch_tokens=1024", "norm=pre"])
    }

    /// The log warping: the geometric middle of a log range is the cube's middle.
    func testLogKeysAreWarpedInTheCube() throws {
        let space = try parse("learning_rate: {type: float, min: 1e-4, max: 1e-2, log: true}")
        XCTAssertEqual(space.encode([.real(1e-3)])[0], 0.5, accuracy: 1e-12)
        guard case let .real(value) = space.decode([0.25])[0] else { return XCTFail() }
        XCTAssertEqual(value, pow(10, -3.5), accuracy: 1e-15)
    }
}
