import Foundation
import TernTestSupport
@testable import TernViz
import XCTest
#if canImport(FoundationXML)
import FoundationXML
#endif

final class LineChartTests: XCTestCase {
    static func lossChart() throws -> LineChart {
        let steps = stride(from: 0.0, through: 20_000, by: 250)
        let train = steps.map { (x: $0, y: 1.2 + 6.5 * exp(-$0 / 3000)) }
        let dev = stride(from: 1000.0, through: 20_000, by: 1000).map { (x: $0, y: 1.6 + 6 * exp(-$0 / 3500)) }
        return try LineChart(
            title: "transformer · Bible es→de · loss", xAxisTitle: "step", yAxisTitle: "cross-entropy (nats)",
            series: [.init(name: "train", points: train), .init(name: "dev", points: dev)])
    }

    func testPNGAndSVGFromTheSameChart() throws {
        let directory = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let chart = try LineChartTests.lossChart()
        XCTAssertEqual(chart.scales.x.lower, 0)
        XCTAssertEqual(chart.scales.x.upper, 20_000)
        XCTAssertLessThanOrEqual(chart.scales.y.lower, 1.2)

        let png = directory.appendingPathComponent("loss.png")
        try chart.write(to: png, format: .png)
        let size = try XCTUnwrap(pngSize(Data(contentsOf: png)))
        XCTAssertGreaterThan(size.width, chart.plotSize.width)
        XCTAssertGreaterThan(size.height, chart.plotSize.height)

        let svg = directory.appendingPathComponent("loss.svg")
        try chart.write(to: svg, format: .svg)
        let reader = SVGReader()
        let parser = XMLParser(data: try Data(contentsOf: svg))
        parser.delegate = reader
        XCTAssertTrue(parser.parse())
        XCTAssertEqual(reader.titleText, chart.title)
        XCTAssertEqual(reader.rootAttributes["width"], "\(size.width)px")
    }

    func testSinglePointAndFlatSeriesStillDraw() throws {
        let chart = try LineChart(
            title: "BLEU", xAxisTitle: "step", yAxisTitle: "BLEU",
            series: [.init(name: "dev", points: [(x: 5000, y: 12.5)])])
        XCTAssertNotNil(pngSize(try chart.data(format: .png)))
    }
}
