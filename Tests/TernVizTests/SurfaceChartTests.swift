import Foundation
import TernTestSupport
@testable import TernViz
import XCTest

final class SurfaceChartTests: XCTestCase {
    private var directory: URL!

    override func setUpWithError() throws { directory = try Fixtures.temporaryDirectory() }
    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: directory) }

    /// 2 × 2 cells; row 0 is the low y band. Values chosen so each cell's colour is a known viridis entry.
    func knownChart(logarithmicX: Bool = false) throws -> SurfaceChart {
        try SurfaceChart(
            title: "known", xAxisTitle: "learning_rate", yAxisTitle: "dropout",
            xEdges: logarithmicX ? [1e-4, 1e-3, 1e-2] : [0, 0.5, 1], yEdges: [0, 1, 2],
            logarithmicX: logarithmicX, logarithmicY: false,
            panels: [.init(title: "mean", values: [[0, 1], [0.5, 0]]), .init(title: "σ", values: [[2, 2], [2, 4]])],
            points: [], highlighted: logarithmicX ? Point(x: 3.1622776601683795e-4, y: 1.5) : Point(x: 0.25, y: 1.5))
    }

    func testCellsTakeTheirValuesColourInEachPanelsOwnRange() throws {
        for logarithmicX in [false, true] {
            let chart = try knownChart(logarithmicX: logarithmicX)
            let url = directory.appendingPathComponent("surface-\(logarithmicX).png")
            try chart.write(to: url, format: .png)
            let layout = Canvas.measuring { chart.layout(canvas: $0) }
            XCTAssertEqual(layout.plots.count, 2)
            XCTAssertGreaterThan(layout.plots[1].x, layout.plots[0].maxX + ColorBar.barWidth, "panels side by side, a bar between")
            // Cell centres: a quarter and three quarters of each side (the log axis spans exactly the two decades).
            func centre(_ plot: Rectangle, column: Int, row: Int) -> Point {
                Point(x: plot.x + (Double(column) + 0.5) / 2 * plot.width, y: plot.maxY - (Double(row) + 0.5) / 2 * plot.height)
            }
            func moved(_ point: Point, _ dx: Double, _ dy: Double) -> Point { Point(x: point.x + dx, y: point.y + dy) }
            let first = layout.plots[0], second = layout.plots[1]
            let decoded = try IndependentPNGDecoder.decode(url, points: [
                centre(first, column: 0, row: 0), centre(first, column: 1, row: 0), moved(centre(first, column: 0, row: 1), 12, 12),
                centre(second, column: 0, row: 0), centre(second, column: 1, row: 1),
                // The best trial at the centre of cell (row 1, column 0): white in its middle, red at 5 px.
                centre(first, column: 0, row: 1), moved(centre(first, column: 0, row: 1), 5, 0),
            ])
            XCTAssertEqual(decoded.width, layout.size.width)
            assertColor(decoded.pixels[0], (68, 1, 84), "0 is the range's low end: viridis' first colour")
            assertColor(decoded.pixels[1], (253, 231, 37), "1 is the high end")
            assertColor(decoded.pixels[2], (33, 145, 140), "0.5 is the middle entry")
            assertColor(decoded.pixels[3], (68, 1, 84), "σ's own range is 2…4: 2 is its low end")
            assertColor(decoded.pixels[4], (253, 231, 37), "and 4 its high end")
            assertColor(decoded.pixels[5], (255, 255, 255), "the best trial's ring is white inside")
            assertColor(decoded.pixels[6], (0xD6, 0x27, 0x28), tolerance: 40, "and red around")
        }
    }

    func testMismatchedGridsAndEdgesAreErrorsThatSayWhat() throws {
        XCTAssertThrowsError(try SurfaceChart(
            title: "t", xAxisTitle: "x", yAxisTitle: "y", xEdges: [0, 1, 2], yEdges: [0, 1], logarithmicX: false, logarithmicY: false,
            panels: [.init(title: "mean", values: [[1, 2], [3, 4]])], points: [], highlighted: nil)) { error in
            XCTAssertEqual("\(error)", "the panel \"mean\" has 2×2 values (rows × columns) but its edges make 1×2 cells")
        }
        XCTAssertThrowsError(try SurfaceChart(
            title: "t", xAxisTitle: "learning_rate", yAxisTitle: "y", xEdges: [0, 1e-3], yEdges: [0, 1], logarithmicX: true,
            logarithmicY: false, panels: [.init(title: "mean", values: [[1]])], points: [], highlighted: nil)) { error in
            XCTAssertEqual("\(error)", "edge 0 of the \"learning_rate\" axis is not finite, not ascending, or not positive on a logarithmic axis")
        }
    }

    func testAFlatPanelStillDraws() throws {
        let chart = try SurfaceChart(
            title: "flat", xAxisTitle: "x", yAxisTitle: "y", xEdges: [0, 1], yEdges: [0, 1], logarithmicX: false, logarithmicY: false,
            panels: [.init(title: "expected improvement", values: [[0]])], points: [Point(x: 0.5, y: 0.5)], highlighted: nil)
        XCTAssertNotNil(pngSize(try chart.data(format: .png)))
        XCTAssertFalse(try chart.data(format: .svg).isEmpty)
    }
}

final class ChartColumnTests: XCTestCase {
    /// Two charts whose y labels differ in width (0.0–1.0 against 0–100000): stacked, their plots share a left edge
    /// and width, the second starts where the first chart's picture ends, and the picture is as tall as both.
    func testStackedPlotsAlignOnTheSharedX() throws {
        let xs = stride(from: 0.0, through: 10, by: 1).map { $0 }
        let narrow = try LineChart(title: "narrow", xAxisTitle: "x", yAxisTitle: "y",
                                   series: [.init(name: "a", points: xs.map { ($0, $0 / 10) })])
        let wide = try LineChart(title: "wide", xAxisTitle: "x", yAxisTitle: "y",
                                 series: [.init(name: "b", points: xs.map { ($0, $0 * 10_000) })])
        let column = try ChartColumn(title: "both", charts: [narrow, wide])
        let areas = column.plotAreas
        XCTAssertEqual(areas.count, 2)
        XCTAssertEqual(areas[0].x, areas[1].x)
        XCTAssertEqual(areas[0].width, areas[1].width)
        let alone = Canvas.measuring { narrow.placement(canvas: $0) }
        XCTAssertGreaterThan(areas[0].x, alone.plot.x, "the narrow chart moves right to meet the wide one's labels")
        let first = Canvas.measuring { narrow.placement(canvas: $0, plotLeft: areas[0].x) }
        XCTAssertEqual(areas[1].y, Double(first.imageSize.height) + first.plot.y)
        let size = try XCTUnwrap(pngSize(try column.data(format: .png)))
        XCTAssertEqual(size.height, first.imageSize.height + Canvas.measuring { wide.placement(canvas: $0, plotLeft: areas[0].x) }.imageSize.height)
    }
}
