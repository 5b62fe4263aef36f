import Foundation
import TernTestSupport
@testable import TernViz
import XCTest
#if canImport(FoundationXML)
import FoundationXML
#endif

final class HeatmapTests: XCTestCase {
    private var directory: URL!

    override func setUpWithError() throws {
        directory = try Fixtures.temporaryDirectory()
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: directory)
    }

    /// A 3 × 4 matrix whose cells are exactly 1, 0 or ½, so their colours are known entries of the table.
    private func knownHeatmap() throws -> Heatmap {
        try Heatmap(
            title: "sentence 3 · transformer · layer 2 · head 1",
            values: [
                [1, 0, 0, 0],
                [0, 1, 0.5, 0],
                [0, 0, 0, 1],
            ],
            rowLabels: ["▁Wo", "▁ist", "</s>"],
            columnLabels: ["▁¿", "Dónde", "▁está", "</s>"])
    }

    func testPNGHeaderMatchesTheLayout() throws {
        let heatmap = try knownHeatmap()
        let url = directory.appendingPathComponent("known.png")
        let written = try heatmap.write(to: url, format: .png)
        XCTAssertEqual(written.map(\.lastPathComponent), ["known.png", "known.json"])

        let size = try XCTUnwrap(pngSize(Data(contentsOf: url)), "PNG signature and IHDR")
        let layout = heatmap.layout()
        XCTAssertEqual(size.width, layout.imageSize.width)
        XCTAssertEqual(size.height, layout.imageSize.height)
        XCTAssertEqual(layout.cellSize, 40, "a short sentence gets the largest cells")
        // Everything drawn lies inside the image.
        XCTAssertLessThanOrEqual(layout.matrixArea.maxX, Double(size.width))
        XCTAssertLessThanOrEqual(layout.colorBar.maxY, Double(size.height))
        XCTAssertLessThan(layout.matrixArea.maxX, layout.colorBar.x, "the colour bar sits right of the cells")
    }

    func testCellColoursDecodedIndependently() throws {
        let heatmap = try knownHeatmap()
        let url = directory.appendingPathComponent("known.png")
        try heatmap.write(to: url, format: .png, exportingMatrix: false)
        let layout = heatmap.layout()
        let cells = [(0, 0), (0, 1), (1, 1), (1, 2), (2, 3), (2, 0)]
        let decoded = try IndependentPNGDecoder.decode(
            url, points: cells.map { layout.cellCenter(row: $0.0, column: $0.1) })
        XCTAssertEqual(decoded.width, layout.imageSize.width)
        XCTAssertEqual(decoded.height, layout.imageSize.height)
        let last = (UInt8(253), UInt8(231), UInt8(37)), first = (UInt8(68), UInt8(1), UInt8(84))
        assertColor(decoded.pixels[0], last, "value 1.0 is viridis' last colour")
        assertColor(decoded.pixels[1], first, "value 0.0 is viridis' first colour")
        assertColor(decoded.pixels[2], last)
        assertColor(decoded.pixels[3], (33, 145, 140), "value 0.5 is the middle entry")
        assertColor(decoded.pixels[4], last)
        assertColor(decoded.pixels[5], first)
    }

    func testColourBarRunsFromFirstToLastColour() throws {
        let heatmap = try knownHeatmap()
        let url = directory.appendingPathComponent("bar.png")
        try heatmap.write(to: url, format: .png, exportingMatrix: false)
        let bar = heatmap.layout().colorBar
        // Rows a few pixels inside each end, and the middle: the gradient's colour there is the table's colour at
        // that height's share of the range.
        let rows = [bar.y + 3, bar.center.y, bar.maxY - 3].map { $0.rounded(.down) + 0.5 }
        let decoded = try IndependentPNGDecoder.decode(url, points: rows.map { Point(x: bar.center.x, y: $0) })
        for (row, pixel) in zip(rows, decoded.pixels) {
            let share = (bar.maxY - row) / bar.height
            assertColor(pixel, Colormap.viridis.color(for: share).bytes, tolerance: 6, "bar at \(share)")
        }
        assertColor(decoded.pixels[0], (253, 231, 37), tolerance: 16, "the top is the high end")
        assertColor(decoded.pixels[2], (68, 1, 84), tolerance: 16, "the bottom is the low end")
    }

    func testImageGrowsAndCellsShrinkWithLongSentences() throws {
        func heatmap(tokens: Int) throws -> HeatmapLayout {
            let labels = (0..<tokens).map { "▁tok\($0)" }
            return try Heatmap(
                title: "long", values: Fixtures.attention(rows: tokens, columns: tokens, alignment: { $0 }),
                rowLabels: labels, columnLabels: labels
            ).layout()
        }
        let short = try heatmap(tokens: 5), medium = try heatmap(tokens: 30), long = try heatmap(tokens: 90)
        XCTAssertEqual(short.cellSize, 40)
        XCTAssertEqual(medium.cellSize, 18)
        XCTAssertEqual(long.cellSize, 14, "cells never get smaller than 14 px")
        XCTAssertLessThan(short.imageSize.width, medium.imageSize.width)
        XCTAssertLessThan(medium.imageSize.width, long.imageSize.width)
        XCTAssertGreaterThan(long.matrixArea.width, 90 * 14 - 1, "past the smallest cell the image grows instead")
    }

    func testSVGIsWellFormedAndCarriesTheTitle() throws {
        let heatmap = try Heatmap(
            title: "sentence 3 · transformer · layer 2 · head 1 <é & ñ>",
            values: Fixtures.sampleAttention, rowLabels: Fixtures.targetTokens, columnLabels: Fixtures.sourceTokens)
        let url = directory.appendingPathComponent("sample.svg")
        try heatmap.write(to: url, format: .svg)
        let data = try Data(contentsOf: url)

        let reader = SVGReader()
        let parser = XMLParser(data: data)
        parser.delegate = reader
        XCTAssertTrue(parser.parse(), "SVG must be well-formed XML: \(String(describing: parser.parserError))")
        XCTAssertEqual(reader.rootElement, "svg")
        XCTAssertEqual(reader.titleText, heatmap.title, "the <title> holds the title, accents and all")
        XCTAssertTrue(reader.descriptionText.contains("Dónde"), "the <desc> lists the tokens")
        let layout = heatmap.layout()
        XCTAssertEqual(reader.rootAttributes["width"], "\(layout.imageSize.width)px")
        XCTAssertEqual(reader.rootAttributes["height"], "\(layout.imageSize.height)px")
    }

    func testMatrixJSONIsWrittenBesideTheImageAndReadsBack() throws {
        let heatmap = try Heatmap(
            title: "quote \" and backslash \\ · é",
            values: Fixtures.sampleAttention, rowLabels: Fixtures.targetTokens, columnLabels: Fixtures.sourceTokens)
        try heatmap.write(to: directory.appendingPathComponent("sample.svg"), format: .svg)
        let jsonURL = directory.appendingPathComponent("sample.json")
        let text = try String(contentsOf: jsonURL, encoding: .utf8)
        XCTAssertTrue(text.contains("\"▁niña\""), "tokens are stored as given, UTF-8 unescaped")
        XCTAssertLessThan(
            try XCTUnwrap(text.range(of: "\"title\"")).lowerBound, try XCTUnwrap(text.range(of: "\"values\"")).lowerBound,
            "keys in reading order")
        let decoded = try JSONDecoder().decode(MatrixExport.self, from: Data(contentsOf: jsonURL))
        XCTAssertEqual(decoded, heatmap.matrixExport)
        XCTAssertEqual(decoded.values, Fixtures.sampleAttention, "Float values survive the round trip exactly")
    }

    func testBothFormatsComeFromOneDrawing() throws {
        let heatmap = try Heatmap(
            title: "same drawing", values: Fixtures.sampleAttention,
            rowLabels: Fixtures.targetTokens, columnLabels: Fixtures.sourceTokens)
        let png = try heatmap.data(format: .png)
        let svg = try heatmap.data(format: .svg)
        XCTAssertNotNil(pngSize(png))
        XCTAssertTrue(String(decoding: svg.prefix(200), as: UTF8.self).contains("<svg"))
        let size = try XCTUnwrap(pngSize(png))
        XCTAssertEqual(size.width, heatmap.layout().imageSize.width)
    }
}

/// Collects the root element and the `<title>` and `<desc>` texts of an SVG.
final class SVGReader: NSObject, XMLParserDelegate {
    var rootElement: String?
    var rootAttributes: [String: String] = [:]
    var titleText = ""
    var descriptionText = ""
    private var current: String?

    func parser(
        _ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
        qualifiedName: String?, attributes: [String: String] = [:]
    ) {
        if rootElement == nil {
            rootElement = elementName
            rootAttributes = attributes
        }
        current = elementName
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        if current == "title" { titleText += string }
        if current == "desc" { descriptionText += string }
    }

    func parser(
        _ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName: String?
    ) {
        current = nil
    }
}
