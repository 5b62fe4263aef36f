import Foundation

/// A picture of one attention matrix: rows are output (target) tokens, columns are source tokens, each cell coloured
/// with viridis; the source tokens stand rotated under the matrix, the target tokens to its left, a colour bar to its
/// right and a title above.
///
/// ```swift
/// let heatmap = try Heatmap(
///     title: "sentence 3 · transformer · layer 2 · head 1",
///     values: attention,                       // [[Float]], one row per target token
///     rowLabels: ["▁le", "▁chat", "</s>"],
///     columnLabels: ["▁the", "▁cat", "</s>"])
/// try heatmap.write(to: URL(fileURLWithPath: "attention.png"), format: .png)   // also writes attention.json
/// ```
public struct Heatmap: Sendable {
    /// The text above the picture, e.g. "sentence 3 · transformer · layer 2 · head 1".
    public let title: String
    /// The matrix, one row per target token and one column per source token.
    public let values: [[Float]]
    /// The target tokens, top to bottom.
    public let rowLabels: [String]
    /// The source tokens, left to right.
    public let columnLabels: [String]
    /// The values at the two ends of the colour scale; values outside take the end colours. Attention weights are
    /// probabilities, so the default is 0…1, which keeps pictures of different heads comparable.
    public let valueRange: ClosedRange<Double>
    /// Sizes, label angle and axis captions.
    public var style: HeatmapStyle
    /// The colour scale.
    public var colormap: Colormap = .viridis

    static let margin = 20.0
    static let titleFont = Font(size: 16, bold: true)
    static let titleGap = 12.0
    static let colorBarGap = 24.0

    /// Creates a heatmap after checking that the matrix is non-empty, rectangular, finite and matches its labels.
    ///
    /// - Throws: `VizError` naming the first problem found.
    public init(
        title: String,
        values: [[Float]],
        rowLabels: [String],
        columnLabels: [String],
        valueRange: ClosedRange<Double> = 0...1,
        style: HeatmapStyle = HeatmapStyle()
    ) throws {
        try Heatmap.validate(values: values, rowLabels: rowLabels, columnLabels: columnLabels)
        try Heatmap.validate(valueRange: valueRange)
        self.title = title
        self.values = values
        self.rowLabels = rowLabels
        self.columnLabels = columnLabels
        self.valueRange = valueRange
        self.style = style
    }

    static func validate(values: [[Float]], rowLabels: [String], columnLabels: [String]) throws {
        guard !values.isEmpty, values.contains(where: { !$0.isEmpty }) else { throw VizError.emptyMatrix }
        guard values.count == rowLabels.count else {
            throw VizError.rowCountMismatch(values: values.count, labels: rowLabels.count)
        }
        for (row, rowValues) in values.enumerated() {
            guard rowValues.count == columnLabels.count else {
                throw VizError.columnCountMismatch(row: row, values: rowValues.count, labels: columnLabels.count)
            }
            if let column = rowValues.firstIndex(where: { !$0.isFinite }) {
                throw VizError.nonFiniteValue(row: row, column: column)
            }
        }
    }

    static func validate(valueRange: ClosedRange<Double>) throws {
        guard valueRange.lowerBound.isFinite, valueRange.upperBound.isFinite,
              valueRange.upperBound > valueRange.lowerBound
        else {
            throw VizError.invalidValueRange(lower: valueRange.lowerBound, upper: valueRange.upperBound)
        }
    }

    /// The panel drawn for this matrix, in a grid (`subtitle` set, the grid's cell size and scale) or alone.
    func panel(
        subtitle: String?, cellSize: Int, style: HeatmapStyle, colormap: Colormap, valueRange: ClosedRange<Double>
    ) -> HeatmapPanel {
        HeatmapPanel(
            subtitle: subtitle, values: values, rowTokens: rowLabels, columnTokens: columnLabels,
            cellSize: cellSize, style: style, colormap: colormap, valueRange: valueRange)
    }

    private var ownPanel: HeatmapPanel {
        panel(
            subtitle: nil, cellSize: style.cellSize(rows: values.count, columns: columnLabels.count),
            style: style, colormap: colormap, valueRange: valueRange)
    }

    /// Where everything goes: the image size, the matrix's rectangle and cell size, and the colour bar.
    public func layout() -> HeatmapLayout {
        Canvas.measuring { canvas in layout(canvas: canvas).public }
    }

    private struct Placement {
        var `public`: HeatmapLayout
        var panelOrigin: Point
        var metrics: HeatmapPanel.Metrics
    }

    private func layout(canvas: Canvas) -> Placement {
        let panel = ownPanel
        let metrics = panel.metrics(canvas: canvas)
        let margin = Heatmap.margin
        let titleHeight = (canvas.lineHeight(of: Heatmap.titleFont) + Heatmap.titleGap).rounded(.up)
        let panelOrigin = Point(x: margin, y: margin + titleHeight)
        let matrix = Rectangle(
            x: panelOrigin.x + metrics.matrixOrigin.x, y: panelOrigin.y + metrics.matrixOrigin.y,
            width: Double(columnLabels.count * panel.cellSize), height: Double(values.count * panel.cellSize))
        let colorBar = ColorBar(colormap: colormap, range: valueRange)
        let bar = Rectangle(
            x: matrix.maxX + Heatmap.colorBarGap,
            y: matrix.y, width: ColorBar.barWidth, height: max(matrix.height, ColorBar.minimumHeight))
        let width = max(
            bar.x + colorBar.totalWidth(canvas: canvas),
            panelOrigin.x + metrics.width,
            margin + canvas.width(of: title, font: Heatmap.titleFont)) + margin
        let height = max(panelOrigin.y + metrics.height, bar.maxY + 8) + margin
        let layout = HeatmapLayout(
            imageSize: PixelSize(width: Int(width.rounded(.up)), height: Int(height.rounded(.up))),
            matrixArea: matrix, cellSize: panel.cellSize, colorBar: bar)
        return Placement(public: layout, panelOrigin: panelOrigin, metrics: metrics)
    }

    /// The encoded image.
    public func data(format: ImageFormat) throws -> Data {
        let placement = Canvas.measuring { layout(canvas: $0) }
        return try Canvas.render(
            size: placement.public.imageSize, format: format, title: title,
            description: "Attention heatmap; rows (target): \(rowLabels.joined(separator: " ")); "
                + "columns (source): \(columnLabels.joined(separator: " "))."
        ) { canvas in
            canvas.drawText(
                title, at: Point(x: Heatmap.margin, y: Heatmap.margin), font: Heatmap.titleFont, vertical: .top)
            ownPanel.draw(on: canvas, at: placement.panelOrigin, metrics: placement.metrics)
            ColorBar(colormap: colormap, range: valueRange).draw(on: canvas, bar: placement.public.colorBar)
        }
    }

    /// The matrix and its labels as written beside the image.
    public var matrixExport: MatrixExport {
        MatrixExport(title: title, rows: rowLabels, columns: columnLabels, values: values)
    }

    /// Writes the image to `url` and, unless `exportingMatrix` is false, the matrix as JSON beside it (same name,
    /// extension `json`).
    ///
    /// - Returns: The files written, image first.
    @discardableResult
    public func write(to url: URL, format: ImageFormat, exportingMatrix: Bool = true) throws -> [URL] {
        try writeFile(data(format: format), to: url)
        guard exportingMatrix else { return [url] }
        let jsonURL = MatrixExport.url(besideImageAt: url)
        try writeFile(Data((matrixExport.jsonText() + "\n").utf8), to: jsonURL)
        return [url, jsonURL]
    }
}

/// Where a heatmap's parts land in its image, for callers that annotate it and for tests that read pixels back.
public struct HeatmapLayout: Equatable, Sendable {
    /// The image size.
    public var imageSize: PixelSize
    /// The rectangle covered by the cells.
    public var matrixArea: Rectangle
    /// The side of a cell in pixels.
    public var cellSize: Int
    /// The colour bar's gradient.
    public var colorBar: Rectangle

    /// The centre of the cell at (`row`, `column`).
    public func cellCenter(row: Int, column: Int) -> Point {
        Point(
            x: matrixArea.x + (Double(column) + 0.5) * Double(cellSize),
            y: matrixArea.y + (Double(row) + 0.5) * Double(cellSize))
    }
}
