import TernViz
import XCTest

final class ValidationTests: XCTestCase {
    private func assertThrows(
        _ expected: VizError, file: StaticString = #filePath, line: UInt = #line, _ body: () throws -> Void
    ) {
        XCTAssertThrowsError(try body(), file: file, line: line) { error in
            XCTAssertEqual(error as? VizError, expected, file: file, line: line)
            XCTAssertFalse(error.localizedDescription.isEmpty, file: file, line: line)
        }
    }

    func testHeatmapRejectsBadMatrices() {
        assertThrows(.emptyMatrix) {
            _ = try Heatmap(title: "", values: [], rowLabels: [], columnLabels: [])
        }
        assertThrows(.emptyMatrix) {
            _ = try Heatmap(title: "", values: [[]], rowLabels: ["a"], columnLabels: [])
        }
        assertThrows(.rowCountMismatch(values: 2, labels: 1)) {
            _ = try Heatmap(title: "", values: [[1], [0]], rowLabels: ["a"], columnLabels: ["x"])
        }
        assertThrows(.columnCountMismatch(row: 1, values: 1, labels: 2)) {
            _ = try Heatmap(title: "", values: [[1, 0], [1]], rowLabels: ["a", "b"], columnLabels: ["x", "y"])
        }
        assertThrows(.nonFiniteValue(row: 0, column: 1)) {
            _ = try Heatmap(title: "", values: [[1, .nan]], rowLabels: ["a"], columnLabels: ["x", "y"])
        }
        assertThrows(.nonFiniteValue(row: 1, column: 0)) {
            _ = try Heatmap(title: "", values: [[1], [-.infinity]], rowLabels: ["a", "b"], columnLabels: ["x"])
        }
        assertThrows(.invalidValueRange(lower: 1, upper: 1)) {
            _ = try Heatmap(title: "", values: [[1]], rowLabels: ["a"], columnLabels: ["x"], valueRange: 1...1)
        }
    }

    func testGridRejectsBadLayers() {
        assertThrows(.emptyGrid) { _ = try HeatmapGrid(title: "", panels: []) }
        assertThrows(.emptyGrid) {
            _ = try HeatmapGrid.layerHeads([], rowLabels: [], columnLabels: [], title: "")
        }
        assertThrows(.headShapeMismatch(head: 1)) {
            _ = try HeatmapGrid.layerHeads(
                [[[1, 0]], [[1, 0, 0]]], rowLabels: ["a"], columnLabels: ["x", "y"], title: "")
        }
        assertThrows(.rowCountMismatch(values: 1, labels: 2)) {
            _ = try HeatmapGrid.layerHeads([[[1, 0]]], rowLabels: ["a", "b"], columnLabels: ["x", "y"], title: "")
        }
    }

    func testLineChartRejectsBadSeries() {
        assertThrows(.noSeries) { _ = try LineChart(title: "", xAxisTitle: "", yAxisTitle: "", series: []) }
        assertThrows(.emptySeries(name: "dev")) {
            _ = try LineChart(title: "", xAxisTitle: "", yAxisTitle: "", series: [.init(name: "dev", points: [])])
        }
        assertThrows(.nonFinitePoint(series: "train", index: 1)) {
            _ = try LineChart(
                title: "", xAxisTitle: "", yAxisTitle: "",
                series: [.init(name: "train", points: [(x: 0, y: 1), (x: 1, y: .nan)])])
        }
    }

    func testErrorMessagesNameTheProblem() {
        XCTAssertEqual(
            VizError.rowCountMismatch(values: 3, labels: 2).description,
            "the matrix has 3 rows but 2 row labels were given")
        XCTAssertTrue(VizError.nonFiniteValue(row: 4, column: 7).description.contains("row 4, column 7"))
    }
}
