import Foundation

/// A function of two numbers drawn as coloured cells — one panel per quantity, side by side on the same axes, each
/// with its own colour bar — with points marked over it. `tern tune --results --plot-dir` draws the GP over a pair
/// of keys this way: its mean, its standard deviation and the expected improvement, with the trials evaluated and
/// the best one, so a reader sees where the model is sure, where it is guessing and where the search will go next.
public struct SurfaceChart: Sendable {
    /// One quantity over the grid.
    public struct Panel: Sendable {
        /// Above the panel, e.g. "mean dev_chrf".
        public let title: String
        /// `values[row][column]`: row 0 is the lowest y band, column 0 the lowest x band.
        public let values: [[Double]]

        public init(title: String, values: [[Double]]) {
            self.title = title
            self.values = values
        }

        /// The colour scale's ends: the finite values' range, opened around a single value.
        var range: ClosedRange<Double> {
            let finite = values.flatMap { $0 }.filter(\.isFinite)
            guard let low = finite.min(), let high = finite.max() else { return 0...1 }
            return high > low ? low...high : (low - 1)...(low + 1)
        }
    }

    /// The picture's title.
    public let title: String
    public let xAxisTitle: String
    public let yAxisTitle: String
    /// The cells' edges along x (one more than the columns), ascending, in the data's units.
    public let xEdges: [Double]
    /// The cells' edges along y (one more than the rows), ascending.
    public let yEdges: [Double]
    public let logarithmicX: Bool
    public let logarithmicY: Bool
    public let panels: [Panel]
    /// Points drawn over every panel as rings (the trials).
    public let points: [Point]
    /// One point drawn larger, in another colour (the best trial), or none.
    public let highlighted: Point?
    /// The side of each panel's square plot, in pixels.
    public var plotSide = 240.0
    public var colormap: Colormap = .viridis

    static let panelTitleFont = Font(size: 13, bold: true)
    static let panelGap = 28.0
    static let colorBarGap = 12.0
    static let highlightColor = RGBColor(hex: 0xD62728)

    /// - Throws: `VizError.emptyMatrix` without panels or cells, `.surfaceGridMismatch` when a panel's grid does not
    ///   match the edges, `.invalidEdge` for an edge that is not finite and ascending (or not positive on a
    ///   logarithmic axis).
    public init(title: String, xAxisTitle: String, yAxisTitle: String, xEdges: [Double], yEdges: [Double],
                logarithmicX: Bool, logarithmicY: Bool, panels: [Panel], points: [Point], highlighted: Point?) throws {
        guard !panels.isEmpty, xEdges.count >= 2, yEdges.count >= 2 else { throw VizError.emptyMatrix }
        for (name, edges, log) in [(xAxisTitle, xEdges, logarithmicX), (yAxisTitle, yEdges, logarithmicY)] {
            if let index = edges.indices.first(where: { !edges[$0].isFinite || (log && !(edges[$0] > 0)) || ($0 > 0 && !(edges[$0] > edges[$0 - 1])) }) {
                throw VizError.invalidEdge(axis: name, index: index)
            }
        }
        for panel in panels where panel.values.count != yEdges.count - 1 || panel.values.contains(where: { $0.count != xEdges.count - 1 }) {
            let columns = panel.values.first { $0.count != xEdges.count - 1 }?.count ?? panel.values.first?.count ?? 0
            throw VizError.surfaceGridMismatch(panel: panel.title, rows: panel.values.count, columns: columns,
                                               expectedRows: yEdges.count - 1, expectedColumns: xEdges.count - 1)
        }
        self.title = title
        self.xAxisTitle = xAxisTitle
        self.yAxisTitle = yAxisTitle
        self.xEdges = xEdges
        self.yEdges = yEdges
        self.logarithmicX = logarithmicX
        self.logarithmicY = logarithmicY
        self.panels = panels
        self.points = points
        self.highlighted = highlighted
    }

    /// The axes: exactly the cells' span on a linear axis (ticks inside it), whole decades around it on a
    /// logarithmic one (cells then leave the rest of the decade blank).
    var scales: (x: LineChart.AxisMapping, y: LineChart.AxisMapping) {
        func axis(_ edges: [Double], _ log: Bool) -> LineChart.AxisMapping {
            log ? .logarithmic(LogarithmicScale(lower: edges.first!, upper: edges.last!))
                : .linear(AxisScale(lower: edges.first!, upper: edges.last!, targetTicks: 6, expandingToTicks: false))
        }
        return (axis(xEdges, logarithmicX), axis(yEdges, logarithmicY))
    }

    struct Layout {
        var size: PixelSize
        /// Each panel's plot square.
        var plots: [Rectangle]
        var legendY: Double
    }

    func layout(canvas: Canvas) -> Layout {
        let (xScale, yScale) = scales
        let labelHeight = canvas.lineHeight(of: LineChart.labelFont)
        let captionHeight = canvas.lineHeight(of: LineChart.captionFont)
        let yLabelWidth = yScale.ticks.map { canvas.width(of: yScale.label($0), font: LineChart.labelFont) }.max() ?? 0
        let left = LineChart.margin + captionHeight + LineChart.gap + yLabelWidth + LineChart.tickLength + 3
        let top = LineChart.margin + canvas.lineHeight(of: Heatmap.titleFont) + Heatmap.titleGap
            + canvas.lineHeight(of: SurfaceChart.panelTitleFont) + 6
        var plots: [Rectangle] = []
        var x = left.rounded(.up)
        for panel in panels {
            plots.append(Rectangle(x: x, y: top.rounded(.up), width: plotSide, height: plotSide))
            let bar = ColorBar(colormap: colormap, range: panel.range)
            x += plotSide + SurfaceChart.colorBarGap + bar.totalWidth(canvas: canvas) + SurfaceChart.panelGap
        }
        let lastXLabel = xScale.ticks.last.map { canvas.width(of: xScale.label($0), font: LineChart.labelFont) } ?? 0
        let width = max(x - SurfaceChart.panelGap, plots.last!.maxX + lastXLabel / 2,
                        LineChart.margin + canvas.width(of: title, font: Heatmap.titleFont)) + LineChart.margin
        let legendY = plots[0].maxY + LineChart.tickLength + 3 + labelHeight + LineChart.gap + captionHeight + LineChart.gap
        let height = legendY + canvas.lineHeight(of: LineChart.legendFont) + LineChart.margin
        return Layout(size: PixelSize(width: Int(width.rounded(.up)), height: Int(height.rounded(.up))), plots: plots, legendY: legendY)
    }

    /// The encoded image.
    public func data(format: ImageFormat) throws -> Data {
        let layout = Canvas.measuring { self.layout(canvas: $0) }
        let (xScale, yScale) = scales
        let description = "Colour maps of " + panels.map(\.title).joined(separator: ", ")
            + " over \(xAxisTitle) (x) and \(yAxisTitle) (y), with \(points.count) points marked."
        return try Canvas.render(size: layout.size, format: format, title: title, description: description) { canvas in
            canvas.drawText(title, at: Point(x: LineChart.margin, y: LineChart.margin), font: Heatmap.titleFont, vertical: .top)
            for (panel, plot) in zip(panels, layout.plots) {
                func position(_ x: Double, _ y: Double) -> Point {
                    Point(x: plot.x + xScale.fraction(x) * plot.width, y: plot.maxY - yScale.fraction(y) * plot.height)
                }
                canvas.drawText(panel.title, at: Point(x: plot.x, y: plot.y - 6), font: SurfaceChart.panelTitleFont, vertical: .bottom)
                let range = panel.range
                canvas.fillCells {
                    for row in panel.values.indices {
                        for column in panel.values[row].indices {
                            // Whole pixels, so neighbouring cells meet without a seam.
                            let low = position(xEdges[column], yEdges[row]), high = position(xEdges[column + 1], yEdges[row + 1])
                            let cell = Rectangle(x: low.x.rounded(), y: high.y.rounded(),
                                                 width: high.x.rounded() - low.x.rounded(), height: low.y.rounded() - high.y.rounded())
                            let value = panel.values[row][column]
                            canvas.fill(cell, color: value.isFinite ? colormap.color(for: value, in: range) : .gridLine)
                        }
                    }
                }
                LineChart.drawFrame(on: canvas, plot: plot, x: xScale, y: yScale, gridLines: false)
                for point in points {
                    let center = position(point.x, point.y)
                    canvas.fillCircle(center: center, radius: 4.5, color: .black)
                    canvas.fillCircle(center: center, radius: 2.5, color: .white)
                }
                if let highlighted {
                    let center = position(highlighted.x, highlighted.y)
                    canvas.fillCircle(center: center, radius: 7, color: SurfaceChart.highlightColor)
                    canvas.fillCircle(center: center, radius: 3, color: .white)
                }
                ColorBar(colormap: colormap, range: range).draw(
                    on: canvas, bar: Rectangle(x: plot.maxX + SurfaceChart.colorBarGap, y: plot.y, width: ColorBar.barWidth, height: plot.height))
                canvas.drawText(xAxisTitle, at: Point(x: plot.center.x, y: layout.legendY - LineChart.gap),
                                font: LineChart.captionFont, color: .axis, horizontal: .center, vertical: .bottom)
            }
            let first = layout.plots[0]
            canvas.drawText(yAxisTitle, at: Point(x: LineChart.margin, y: first.center.y), font: LineChart.captionFont,
                            color: .axis, horizontal: .center, vertical: .top, angle: 90)
            // The legend: what the two kinds of marks mean.
            let rowY = layout.legendY + canvas.lineHeight(of: LineChart.legendFont) / 2
            var x = first.x + 5
            canvas.fillCircle(center: Point(x: x, y: rowY), radius: 4.5, color: .black)
            canvas.fillCircle(center: Point(x: x, y: rowY), radius: 2.5, color: .white)
            canvas.drawText("trials", at: Point(x: x + 10, y: rowY), font: LineChart.legendFont, vertical: .middle)
            if highlighted != nil {
                x += 24 + canvas.width(of: "trials", font: LineChart.legendFont)
                canvas.fillCircle(center: Point(x: x, y: rowY), radius: 7, color: SurfaceChart.highlightColor)
                canvas.fillCircle(center: Point(x: x, y: rowY), radius: 3, color: .white)
                canvas.drawText("best trial", at: Point(x: x + 12, y: rowY), font: LineChart.legendFont, vertical: .middle)
            }
        }
    }

    /// Writes the image to `url`.
    public func write(to url: URL, format: ImageFormat) throws {
        try writeFile(data(format: format), to: url)
    }
}
