import Foundation
import TernTestSupport
@testable import TernViz
import XCTest
#if canImport(FoundationXML)
import FoundationXML
#endif

final class HeatmapGridTests: XCTestCase {
    private var directory: URL!

    override func setUpWithError() throws {
        directory = try Fixtures.temporaryDirectory()
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: directory)
    }

    /// Four 3 × 4 heads; head h is 1 in cell (0, h) and 0 elsewhere, so the mean is ¼ in row 0, columns 0–3.
    private func fourHeads() throws -> HeatmapGrid {
        let heads: [[[Float]]] = (0..<4).map { head in
            (0..<3).map { row in (0..<4).map { column in row == 0 && column == head ? 1 : 0 } }
        }
        return try HeatmapGrid.layerHeads(
            heads, rowLabels: ["▁Wo", "▁ist", "</s>"], columnLabels: ["▁¿", "Dónde", "▁está", "</s>"],
            title: "sentence 3 · transformer · layer 2")
    }

    func testFourHeadsAndMeanMakeFivePanelsInAThreeColumnGrid() throws {
        let grid = try fourHeads()
        XCTAssertEqual(grid.panels.map(\.title), ["head 1", "head 2", "head 3", "head 4", "mean"])
        XCTAssertEqual(grid.columns, 3)
        XCTAssertEqual(grid.panels[4].values[0], [0.25, 0.25, 0.25, 0.25])

        let layout = grid.layout()
        XCTAssertEqual(layout.panelFrames.count, 5)
        XCTAssertEqual(layout.matrixAreas.count, 5)
        // Row one holds panels 0–2 side by side, row two holds 3–4 under the first two.
        XCTAssertEqual(layout.panelFrames[0].y, layout.panelFrames[2].y)
        XCTAssertLessThan(layout.panelFrames[0].maxX, layout.panelFrames[1].x)
        XCTAssertLessThan(layout.panelFrames[1].maxX, layout.panelFrames[2].x)
        XCTAssertEqual(layout.panelFrames[3].x, layout.panelFrames[0].x)
        XCTAssertLessThan(layout.panelFrames[0].maxY, layout.panelFrames[3].y)
        for (frame, matrix) in zip(layout.panelFrames, layout.matrixAreas) {
            XCTAssertTrue(frame.x <= matrix.x && matrix.maxX <= frame.maxX && frame.y <= matrix.y && matrix.maxY <= frame.maxY)
            XCTAssertEqual(matrix.width, Double(4 * layout.cellSize))
        }
        let rightmost = layout.panelFrames.map(\.maxX).max()!
        XCTAssertLessThan(rightmost, layout.colorBar.x, "one shared colour bar right of all panels")
        XCTAssertLessThanOrEqual(layout.colorBar.maxX, Double(layout.imageSize.width))
    }

    func testEachPanelShowsItsOwnHeadInTheDecodedPNG() throws {
        let grid = try fourHeads()
        let url = directory.appendingPathComponent("grid.png")
        let written = try grid.write(to: url, format: .png)
        XCTAssertEqual(written.count, 2)
        let layout = grid.layout()
        let header = try XCTUnwrap(pngSize(Data(contentsOf: url)))
        XCTAssertEqual(header.width, layout.imageSize.width)
        XCTAssertEqual(header.height, layout.imageSize.height)

        // For each head: the hot cell (0, h) and a cold neighbour; for the mean: row 0 at ¼, row 1 at 0.
        var points: [Point] = []
        for head in 0..<4 {
            points.append(layout.cellCenter(panel: head, row: 0, column: head))
            points.append(layout.cellCenter(panel: head, row: 0, column: (head + 1) % 4))
        }
        points.append(layout.cellCenter(panel: 4, row: 0, column: 2))
        points.append(layout.cellCenter(panel: 4, row: 1, column: 2))
        let decoded = try IndependentPNGDecoder.decode(url, points: points)
        XCTAssertEqual(decoded.width, layout.imageSize.width)
        XCTAssertEqual(decoded.height, layout.imageSize.height)
        for head in 0..<4 {
            assertColor(decoded.pixels[2 * head], (253, 231, 37), "head \(head + 1)'s hot cell")
            assertColor(decoded.pixels[2 * head + 1], (68, 1, 84), "head \(head + 1)'s cold cell")
        }
        assertColor(decoded.pixels[8], (59, 82, 139), "the mean of 1,0,0,0 is ¼: viridis entry 64")
        assertColor(decoded.pixels[9], (68, 1, 84))
    }

    func testGridSVGAndJSON() throws {
        let grid = try fourHeads()
        let url = directory.appendingPathComponent("grid.svg")
        try grid.write(to: url, format: .svg)
        let reader = SVGReader()
        let parser = XMLParser(data: try Data(contentsOf: url))
        parser.delegate = reader
        XCTAssertTrue(parser.parse())
        XCTAssertEqual(reader.titleText, grid.title)

        let export = try JSONDecoder().decode(
            MatrixGridExport.self, from: Data(contentsOf: directory.appendingPathComponent("grid.json")))
        XCTAssertEqual(export, grid.matrixExport)
        XCTAssertEqual(export.panels.count, 5)
        XCTAssertEqual(export.panels[4].title, "mean")
    }

    func testColumnsCanBeChosenAndPanelsMayDifferInSize() throws {
        let short = try Heatmap(
            title: "short", values: [[1, 0], [0, 1]], rowLabels: ["a", "b"], columnLabels: ["x", "y"])
        let long = try Heatmap(
            title: "long", values: Fixtures.sampleAttention,
            rowLabels: Fixtures.targetTokens, columnLabels: Fixtures.sourceTokens)
        let grid = try HeatmapGrid(title: "two sentences", panels: [short, long], columns: 1)
        let layout = grid.layout()
        XCTAssertEqual(layout.panelFrames[0].x, layout.panelFrames[1].x)
        XCTAssertLessThan(layout.panelFrames[0].maxY, layout.panelFrames[1].y)
        XCTAssertEqual(layout.matrixAreas[0].width * 4, layout.matrixAreas[1].width, "one cell size for all panels")
        XCTAssertNotNil(pngSize(try grid.data(format: .png)))
    }
}
