import Foundation
import TernViz
import XCTest

/// Writes the documentation's example images when `TERN_VIZ_EXAMPLES` names a directory; skipped otherwise, so the
/// normal test run stays fast and writes nothing outside its temporary directories.
final class ExampleImages: XCTestCase {
    func testWriteExamples() throws {
        guard let path = ProcessInfo.processInfo.environment["TERN_VIZ_EXAMPLES"] else {
            throw XCTSkip("set TERN_VIZ_EXAMPLES=<directory> to write the example images")
        }
        let directory = URL(fileURLWithPath: path, isDirectory: true)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)

        let heatmap = try Heatmap(
            title: "sentence 3 · transformer · layer 2 · head 1",
            values: Fixtures.sampleAttention, rowLabels: Fixtures.targetTokens, columnLabels: Fixtures.sourceTokens)
        for format in ImageFormat.allCases {
            try heatmap.write(to: directory.appendingPathComponent("example-heatmap.\(format.fileExtension)"), format: format)
        }

        let alignment = [1, 2, 3, 5, 4, 4, 6, 7]
        let heads: [[[Float]]] = [
            Fixtures.attention(rows: 8, columns: 8, alignment: { alignment[$0] }, sharpness: 2.2),
            Fixtures.attention(rows: 8, columns: 8, alignment: { max($0 - 1, 0) }, sharpness: 1.2),
            Fixtures.attention(rows: 8, columns: 8, alignment: { _ in 7 }, sharpness: 0.8),
            Fixtures.attention(rows: 8, columns: 8, alignment: { min(alignment[$0] + 1, 7) }, sharpness: 1.8),
        ]
        let grid = try HeatmapGrid.layerHeads(
            heads, rowLabels: Fixtures.targetTokens, columnLabels: Fixtures.sourceTokens,
            title: "sentence 3 · transformer · layer 2 · all heads")
        for format in ImageFormat.allCases {
            try grid.write(to: directory.appendingPathComponent("example-grid.\(format.fileExtension)"), format: format)
        }

        let words = "▁En ▁el ▁principio ▁creó ▁Dios ▁los ▁cielos ▁y ▁la ▁tierra . ▁Y ▁la ▁tierra ▁estaba ▁desordenada"
            + " ▁y ▁vacía , ▁y ▁las ▁tinieblas ▁estaban ▁sobre ▁la ▁faz ▁del ▁abismo , ▁y ▁el ▁Espíritu ▁de ▁Dios"
            + " ▁se ▁movía ▁sobre ▁la ▁faz ▁de ▁las ▁aguas . </s>"
        let source = words.split(separator: " ").map(String.init)
        let target = source.map { $0.uppercased() }
        let long = try Heatmap(
            title: "Génesis 1:1–2 · long sentence · layer 6 · head 3",
            values: Fixtures.attention(rows: target.count, columns: source.count, alignment: { $0 }),
            rowLabels: target, columnLabels: source)
        try long.write(to: directory.appendingPathComponent("example-long.png"), format: .png)

        try LineChartTests.lossChart().write(to: directory.appendingPathComponent("example-loss.png"), format: .png)
        try LineChartTests.lossChart().write(to: directory.appendingPathComponent("example-loss.svg"), format: .svg)
    }
}
