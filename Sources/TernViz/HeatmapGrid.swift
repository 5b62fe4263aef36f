import Foundation

/// Several attention matrices in one image: typically one panel per head of a layer plus their mean, each with its
/// own subtitle, all sharing one cell size and one colour bar so the panels compare at a glance.
///
/// ```swift
/// let grid = try HeatmapGrid.layerHeads(
///     heads,                                   // [[[Float]]]: head × target × source
///     rowLabels: targetTokens, columnLabels: sourceTokens,
///     title: "sentence 3 · transformer · layer 2")
/// try grid.write(to: URL(fileURLWithPath: "layer2.svg"), format: .svg)   // also writes layer2.json
/// ```
public struct HeatmapGrid: Sendable {
    /// The text above all panels.
    public let title: String
    /// The panels in reading order (left to right, then down); each heatmap's title is drawn as its subtitle.
    public let panels: [Heatmap]
    /// Panels per grid row.
    public let columns: Int
    /// The shared colour scale's range; the panels' own ranges are not used.
    public let valueRange: ClosedRange<Double>
    /// Sizes, label angle and axis captions, shared by all panels.
    public var style: HeatmapStyle
    /// The colour scale of every panel and of the shared colour bar; the panels' own colour maps are not used.
    public var colormap: Colormap = .viridis

    static let panelGap = 28.0

    /// Creates a grid of `panels`, `columns` to a row (by default about as many columns as rows, e.g. 5 panels → 3 + 2).
    ///
    /// - Throws: `VizError.emptyGrid` without panels, `VizError.invalidValueRange` for a bad range.
    public init(
        title: String,
        panels: [Heatmap],
        columns: Int? = nil,
        valueRange: ClosedRange<Double> = 0...1,
        style: HeatmapStyle = .gridPanel
    ) throws {
        guard !panels.isEmpty else { throw VizError.emptyGrid }
        try Heatmap.validate(valueRange: valueRange)
        self.title = title
        self.panels = panels
        self.columns = min(max(columns ?? Int(Double(panels.count).squareRoot().rounded(.up)), 1), panels.count)
        self.valueRange = valueRange
        self.style = style
    }

    /// A grid of one layer's heads, subtitled "head 1", "head 2", …, followed by a "mean" panel with their
    /// element-wise average when `includingMean` is set.
    ///
    /// - Parameter heads: One matrix per head, each target × source, all the same shape.
    /// - Throws: `VizError` for an empty layer, heads of different shapes or a matrix that fails `Heatmap`'s checks.
    public static func layerHeads(
        _ heads: [[[Float]]],
        rowLabels: [String],
        columnLabels: [String],
        title: String,
        includingMean: Bool = true,
        valueRange: ClosedRange<Double> = 0...1
    ) throws -> HeatmapGrid {
        guard let first = heads.first else { throw VizError.emptyGrid }
        for (index, head) in heads.enumerated()
        where head.count != first.count || zip(head, first).contains(where: { $0.count != $1.count }) {
            throw VizError.headShapeMismatch(head: index)
        }
        var panels = try heads.enumerated().map { index, head in
            try Heatmap(
                title: "head \(index + 1)", values: head, rowLabels: rowLabels, columnLabels: columnLabels,
                valueRange: valueRange, style: .gridPanel)
        }
        if includingMean {
            panels.append(
                try Heatmap(
                    title: "mean", values: elementwiseMean(heads), rowLabels: rowLabels, columnLabels: columnLabels,
                    valueRange: valueRange, style: .gridPanel))
        }
        return try HeatmapGrid(title: title, panels: panels, valueRange: valueRange)
    }

    /// The average of same-shaped matrices, summed in Double so many heads do not lose precision.
    static func elementwiseMean(_ matrices: [[[Float]]]) -> [[Float]] {
        let count = Double(matrices.count)
        return matrices[0].indices.map { row in
            matrices[0][row].indices.map { column in
                Float(matrices.reduce(0.0) { $0 + Double($1[row][column]) } / count)
            }
        }
    }

    /// One cell size for every panel, chosen for the largest, so equal sizes mean equal token counts.
    private var cellSize: Int {
        let rows = panels.map(\.values.count).max() ?? 1
        let columns = panels.map(\.columnLabels.count).max() ?? 1
        return style.cellSize(rows: rows, columns: columns)
    }

    private var panelViews: [HeatmapPanel] {
        panels.map {
            $0.panel(subtitle: $0.title, cellSize: cellSize, style: style, colormap: colormap, valueRange: valueRange)
        }
    }

    /// Where everything goes: the image size, each panel's frame and matrix, and the shared colour bar.
    public func layout() -> HeatmapGridLayout {
        Canvas.measuring { canvas in layout(canvas: canvas, views: panelViews).public }
    }

    private struct Placement {
        var `public`: HeatmapGridLayout
        var metrics: [HeatmapPanel.Metrics]
    }

    private func layout(canvas: Canvas, views: [HeatmapPanel]) -> Placement {
        let metrics = views.map { $0.metrics(canvas: canvas) }
        let gridRows = (views.count + columns - 1) / columns
        // Each grid column is as wide as its widest panel and each grid row as tall as its tallest, so panels of
        // different sentences still line up.
        var columnWidths = [Double](repeating: 0, count: columns)
        var rowHeights = [Double](repeating: 0, count: gridRows)
        for (index, metric) in metrics.enumerated() {
            columnWidths[index % columns] = max(columnWidths[index % columns], metric.width)
            rowHeights[index / columns] = max(rowHeights[index / columns], metric.height)
        }
        let margin = Heatmap.margin
        let top = margin + (canvas.lineHeight(of: Heatmap.titleFont) + Heatmap.titleGap).rounded(.up)
        var frames: [Rectangle] = []
        var matrices: [Rectangle] = []
        for (index, metric) in metrics.enumerated() {
            let column = index % columns, row = index / columns
            let x = margin + columnWidths[..<column].reduce(0, +) + Double(column) * HeatmapGrid.panelGap
            let y = top + rowHeights[..<row].reduce(0, +) + Double(row) * HeatmapGrid.panelGap
            frames.append(Rectangle(x: x, y: y, width: metric.width, height: metric.height))
            matrices.append(
                Rectangle(
                    x: x + metric.matrixOrigin.x, y: y + metric.matrixOrigin.y,
                    width: Double(views[index].columnLabels.count * cellSize),
                    height: Double(views[index].rowLabels.count * cellSize)))
        }
        let panelsRight = margin + columnWidths.reduce(0, +) + Double(columns - 1) * HeatmapGrid.panelGap
        let panelsBottom = top + rowHeights.reduce(0, +) + Double(gridRows - 1) * HeatmapGrid.panelGap
        let colorBar = ColorBar(colormap: colormap, range: valueRange)
        let bar = Rectangle(
            x: panelsRight + HeatmapGrid.panelGap, y: matrices[0].y,
            width: ColorBar.barWidth, height: max(matrices[0].height, ColorBar.minimumHeight))
        let width = max(
            bar.x + colorBar.totalWidth(canvas: canvas),
            margin + canvas.width(of: title, font: Heatmap.titleFont)) + margin
        let height = max(panelsBottom, bar.maxY + 8) + margin
        let layout = HeatmapGridLayout(
            imageSize: PixelSize(width: Int(width.rounded(.up)), height: Int(height.rounded(.up))),
            panelFrames: frames, matrixAreas: matrices, cellSize: cellSize, colorBar: bar)
        return Placement(public: layout, metrics: metrics)
    }

    /// The encoded image.
    public func data(format: ImageFormat) throws -> Data {
        let views = panelViews
        let placement = Canvas.measuring { self.layout(canvas: $0, views: views) }
        let imageLayout = placement.public
        return try Canvas.render(
            size: imageLayout.imageSize, format: format, title: title,
            description: "Attention heatmaps: " + panels.map(\.title).joined(separator: ", ") + "."
        ) { canvas in
            canvas.drawText(
                title, at: Point(x: Heatmap.margin, y: Heatmap.margin), font: Heatmap.titleFont, vertical: .top)
            for (index, view) in views.enumerated() {
                let frame = imageLayout.panelFrames[index]
                view.draw(on: canvas, at: Point(x: frame.x, y: frame.y), metrics: placement.metrics[index])
            }
            ColorBar(colormap: colormap, range: valueRange).draw(on: canvas, bar: imageLayout.colorBar)
        }
    }

    /// The panels' matrices and labels as written beside the image.
    public var matrixExport: MatrixGridExport {
        MatrixGridExport(title: title, panels: panels.map(\.matrixExport))
    }

    /// Writes the image to `url` and, unless `exportingMatrices` is false, every panel's matrix as JSON beside it
    /// (same name, extension `json`).
    ///
    /// - Returns: The files written, image first.
    @discardableResult
    public func write(to url: URL, format: ImageFormat, exportingMatrices: Bool = true) throws -> [URL] {
        try writeFile(data(format: format), to: url)
        guard exportingMatrices else { return [url] }
        let jsonURL = MatrixExport.url(besideImageAt: url)
        try writeFile(Data((matrixExport.jsonText() + "\n").utf8), to: jsonURL)
        return [url, jsonURL]
    }
}

/// Where a grid's parts land in its image.
public struct HeatmapGridLayout: Equatable, Sendable {
    /// The image size.
    public var imageSize: PixelSize
    /// Each panel's whole area (subtitle, labels and captions included), in panel order.
    public var panelFrames: [Rectangle]
    /// Each panel's cells, in panel order.
    public var matrixAreas: [Rectangle]
    /// The side of a cell in pixels, the same in every panel.
    public var cellSize: Int
    /// The shared colour bar's gradient.
    public var colorBar: Rectangle

    /// The centre of the cell at (`row`, `column`) of panel `panel`.
    public func cellCenter(panel: Int, row: Int, column: Int) -> Point {
        let matrix = matrixAreas[panel]
        return Point(
            x: matrix.x + (Double(column) + 0.5) * Double(cellSize),
            y: matrix.y + (Double(row) + 0.5) * Double(cellSize))
    }
}
