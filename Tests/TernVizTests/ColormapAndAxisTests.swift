@testable import TernViz
import XCTest

final class ColormapAndAxisTests: XCTestCase {
    func testViridisHasThePublishedEnds() {
        let viridis = Colormap.viridis
        XCTAssertEqual(viridis.colors.count, 256)
        XCTAssertTrue(viridis.color(for: 0).bytes == (68, 1, 84))
        XCTAssertTrue(viridis.color(for: 1).bytes == (253, 231, 37))
        // Entry 128, the middle teal.
        XCTAssertTrue(viridis.color(for: 0.5).bytes == (33, 145, 140))
        // Out-of-range values take the end colours rather than failing.
        XCTAssertEqual(viridis.color(for: -3), viridis.colors[0])
        XCTAssertEqual(viridis.color(for: 7), viridis.colors[255])
        XCTAssertEqual(viridis.color(for: 5, in: 0...10), viridis.colors[128])
    }

    func testViridisIsSmoothAndBrightening() {
        let colors = Colormap.viridis.colors
        for (previous, next) in zip(colors, colors.dropFirst()) {
            XCTAssertLessThan(abs(previous.red - next.red), 0.011)
            XCTAssertLessThan(abs(previous.green - next.green), 0.011)
            XCTAssertLessThan(abs(previous.blue - next.blue), 0.011)
            XCTAssertGreaterThan(next.green, previous.green, "viridis' green rises monotonically")
        }
    }

    func testAxisTicksAreRoundNumbers() {
        let unit = AxisScale(lower: 0, upper: 1, expandingToTicks: false)
        XCTAssertEqual(unit.ticks.map(unit.label), ["0.0", "0.2", "0.4", "0.6", "0.8", "1.0"])

        let loss = AxisScale(lower: 0.3, upper: 9.7, expandingToTicks: true)
        XCTAssertEqual(loss.lower, 0)
        XCTAssertEqual(loss.upper, 10)
        XCTAssertEqual(loss.ticks.map(loss.label), ["0", "2", "4", "6", "8", "10"])

        let steps = AxisScale(lower: 0, upper: 12_345, targetTicks: 7, expandingToTicks: true)
        XCTAssertEqual(steps.step, 2000)
        XCTAssertEqual(steps.ticks.last, 14_000)

        let flat = AxisScale(lower: 2, upper: 2, expandingToTicks: true)
        XCTAssertLessThan(flat.lower, 2)
        XCTAssertGreaterThan(flat.upper, 2)

        let negative = AxisScale(lower: -0.5, upper: 0.5, expandingToTicks: true)
        XCTAssertTrue(negative.ticks.map(negative.label).contains("0.0"), "no negative zero")
    }

    func testTokenLabelConvention() {
        XCTAssertEqual(TokenLabel.display("▁niña"), "▁niña", "the word-start marker is kept")
        XCTAssertEqual(TokenLabel.display(" "), "␣")
        XCTAssertEqual(TokenLabel.display(""), "␣")
        XCTAssertEqual(TokenLabel.display("a\u{7}b"), "a\u{FFFD}b")
        let long = String(repeating: "x", count: 40)
        XCTAssertEqual(TokenLabel.display(long).count, TokenLabel.maximumCharacters)
        XCTAssertTrue(TokenLabel.display(long).hasSuffix("…"))
    }
}
