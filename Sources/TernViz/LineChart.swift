import Foundation

/// A chart of named (x, y) series, for training curves: train and dev loss per step, BLEU per evaluation.
///
/// ```swift
/// let chart = try LineChart(
///     title: "transformer · loss", xAxisTitle: "step", yAxisTitle: "loss",
///     series: [
///         .init(name: "train", points: trainLoss),   // [(x: Double, y: Double)]
///         .init(name: "dev", points: devLoss),
///     ])
/// try chart.write(to: URL(fileURLWithPath: "loss.svg"), format: .svg)
/// ```
public struct LineChart: Sendable {
    /// One named line.
    public struct Series: Equatable, Sendable {
        /// The name shown in the legend.
        public var name: String
        /// The x coordinates, in drawing order.
        public let xs: [Double]
        /// The y coordinates, one per x.
        public let ys: [Double]

        /// Dots without a connecting line: measurements scattered among curves (a tuner's evaluated points).
        public var markersOnly: Bool

        /// Creates a series from (x, y) pairs.
        public init(name: String, points: [(x: Double, y: Double)], markersOnly: Bool = false) {
            self.name = name
            xs = points.map(\.x)
            ys = points.map(\.y)
            self.markersOnly = markersOnly
        }
    }

    /// The text above the chart.
    public let title: String
    /// The caption under the x axis.
    public let xAxisTitle: String
    /// The caption beside the y axis.
    public let yAxisTitle: String
    /// The lines, drawn in order with the colours of `palette`.
    public let series: [Series]
    /// The area inside the axes, in pixels; the image adds room for labels, title and legend.
    public var plotSize = PixelSize(width: 560, height: 320)
    /// A base-10 logarithmic y axis (every y must then be positive), for figures that span decades.
    public let logarithmicY: Bool
    /// A base-10 logarithmic x axis (every x positive): a learning-rate range test.
    public let logarithmicX: Bool

    /// The line colours: matplotlib's "tab10" cycle, distinct for the usual few series and familiar to readers.
    public static let palette: [RGBColor] = [
        0x1f77b4, 0xff7f0e, 0x2ca02c, 0xd62728, 0x9467bd, 0x8c564b, 0xe377c2, 0x7f7f7f, 0xbcbd22, 0x17becf,
    ].map { RGBColor(hex: $0) }

    static let margin = 20.0
    static let labelFont = Font(size: 11)
    static let captionFont = Font(size: 12)
    static let legendFont = Font(size: 12)
    static let tickLength = 4.0
    static let gap = 6.0
    /// Series with at most this many points also get a dot per point, so sparse evaluations (BLEU every few
    /// thousand steps) show where the measurements are.
    static let markerLimit = 40

    /// Creates a chart after checking that there is at least one series and every point is finite (and, on a
    /// logarithmic axis, every y positive).
    ///
    /// - Throws: `VizError.noSeries`, `.emptySeries` or `.nonFinitePoint`.
    public init(title: String, xAxisTitle: String, yAxisTitle: String, series: [Series], logarithmicY: Bool = false,
                logarithmicX: Bool = false) throws {
        guard !series.isEmpty else { throw VizError.noSeries }
        for line in series {
            guard !line.xs.isEmpty else { throw VizError.emptySeries(name: line.name) }
            if let index = line.xs.indices.first(where: {
                !line.xs[$0].isFinite || !line.ys[$0].isFinite || (logarithmicY && !(line.ys[$0] > 0))
                    || (logarithmicX && !(line.xs[$0] > 0))
            }) {
                throw VizError.nonFinitePoint(series: line.name, index: index)
            }
        }
        self.logarithmicY = logarithmicY
        self.logarithmicX = logarithmicX
        self.title = title
        self.xAxisTitle = xAxisTitle
        self.yAxisTitle = yAxisTitle
        self.series = series
    }

    /// An axis, linear or logarithmic: its ticks, their labels, and where a value lies (0 at the low end, 1 at the
    /// high end).
    enum AxisMapping {
        case linear(AxisScale)
        case logarithmic(LogarithmicScale)

        var lower: Double {
            switch self {
            case .linear(let scale): return scale.lower
            case .logarithmic(let scale): return scale.lower
            }
        }

        var upper: Double {
            switch self {
            case .linear(let scale): return scale.upper
            case .logarithmic(let scale): return scale.upper
            }
        }

        var ticks: [Double] {
            switch self {
            case .linear(let scale): return scale.ticks
            case .logarithmic(let scale): return scale.ticks
            }
        }

        func label(_ value: Double) -> String {
            switch self {
            case .linear(let scale): return scale.label(value)
            case .logarithmic(let scale): return scale.label(value)
            }
        }

        func fraction(_ value: Double) -> Double {
            switch self {
            case .linear(let scale): return (value - scale.lower) / (scale.upper - scale.lower)
            case .logarithmic(let scale): return scale.fraction(value)
            }
        }
    }

    /// The axis scales, widened to whole ticks (or decades) so every point lies inside a labelled range.
    var scales: (x: AxisMapping, y: AxisMapping) {
        let xs = series.flatMap(\.xs), ys = series.flatMap(\.ys)
        return (
            logarithmicX ? .logarithmic(LogarithmicScale(lower: xs.min()!, upper: xs.max()!))
                : .linear(AxisScale(lower: xs.min()!, upper: xs.max()!, targetTicks: 7, expandingToTicks: true)),
            logarithmicY ? .logarithmic(LogarithmicScale(lower: ys.min()!, upper: ys.max()!))
                : .linear(AxisScale(lower: ys.min()!, upper: ys.max()!, targetTicks: 6, expandingToTicks: true))
        )
    }

    struct Placement {
        var imageSize: PixelSize
        var plot: Rectangle
        var legendOrigin: Point
    }

    /// Where the plot, the legend and the labels go. `plotLeft` puts the plot's left edge further right than the
    /// chart's own labels need, so charts stacked in a ``ChartColumn`` line up on a shared x axis.
    func placement(canvas: Canvas, plotLeft: Double = 0) -> Placement {
        let xScale = scales.x
        let labelHeight = canvas.lineHeight(of: LineChart.labelFont)
        let captionHeight = canvas.lineHeight(of: LineChart.captionFont)
        let titleHeight = canvas.lineHeight(of: Heatmap.titleFont) + Heatmap.titleGap
        let left = max(ownPlotLeft(canvas: canvas), plotLeft)
        let top = LineChart.margin + titleHeight
        let plot = Rectangle(
            x: left.rounded(.up), y: top.rounded(.up),
            width: Double(plotSize.width), height: Double(plotSize.height))
        let legendWidth = 28 + (series.map { canvas.width(of: $0.name, font: LineChart.legendFont) }.max() ?? 0)
        let legendOrigin = Point(x: plot.maxX + 16, y: plot.y)
        // The last x label is centred on the plot's right edge and may stick out by half its width.
        let lastXLabel = xScale.ticks.last.map { canvas.width(of: xScale.label($0), font: LineChart.labelFont) } ?? 0
        let width = max(
            legendOrigin.x + legendWidth,
            plot.maxX + lastXLabel / 2,
            LineChart.margin + canvas.width(of: title, font: Heatmap.titleFont)) + LineChart.margin
        let height = plot.maxY + LineChart.tickLength + 3 + labelHeight + LineChart.gap + captionHeight
            + LineChart.margin
        return Placement(
            imageSize: PixelSize(width: Int(width.rounded(.up)), height: Int(height.rounded(.up))),
            plot: plot, legendOrigin: legendOrigin)
    }

    /// The x of the plot's left edge when only this chart's y caption and tick labels stand left of it.
    func ownPlotLeft(canvas: Canvas) -> Double {
        let yScale = scales.y
        let captionHeight = canvas.lineHeight(of: LineChart.captionFont)
        let yLabelWidth = yScale.ticks.map { canvas.width(of: yScale.label($0), font: LineChart.labelFont) }.max() ?? 0
        return LineChart.margin + captionHeight + LineChart.gap + yLabelWidth + LineChart.tickLength + 3
    }

    /// Tick marks and their labels along `plot`'s bottom and left edges, optionally grid lines across it, and its
    /// outline: the frame every chart on numeric axes draws (line charts, surface charts). Half-pixel offsets keep
    /// one-pixel lines crisp.
    static func drawFrame(on canvas: Canvas, plot: Rectangle, x xScale: AxisMapping, y yScale: AxisMapping, gridLines: Bool) {
        for tick in xScale.ticks {
            let x = (plot.x + xScale.fraction(tick) * plot.width).rounded() + 0.5
            if gridLines { canvas.line(from: Point(x: x, y: plot.y), to: Point(x: x, y: plot.maxY), color: .gridLine) }
            canvas.line(from: Point(x: x, y: plot.maxY), to: Point(x: x, y: plot.maxY + tickLength), color: .axis)
            canvas.drawText(xScale.label(tick), at: Point(x: x, y: plot.maxY + tickLength + 3), font: labelFont,
                            horizontal: .center, vertical: .top)
        }
        for tick in yScale.ticks {
            let y = (plot.maxY - yScale.fraction(tick) * plot.height).rounded() + 0.5
            if gridLines { canvas.line(from: Point(x: plot.x, y: y), to: Point(x: plot.maxX, y: y), color: .gridLine) }
            canvas.line(from: Point(x: plot.x - tickLength, y: y), to: Point(x: plot.x, y: y), color: .axis)
            canvas.drawText(yScale.label(tick), at: Point(x: plot.x - tickLength - 3, y: y), font: labelFont,
                            horizontal: .trailing, vertical: .middle)
        }
        canvas.stroke(Rectangle(x: plot.x + 0.5, y: plot.y + 0.5, width: plot.width, height: plot.height), color: .axis)
    }

    /// A one-line account of the chart for an SVG's description.
    var summary: String {
        "Line chart of \(yAxisTitle) against \(xAxisTitle); series: " + series.map(\.name).joined(separator: ", ") + "."
    }

    /// The encoded image.
    public func data(format: ImageFormat) throws -> Data {
        let layout = Canvas.measuring { placement(canvas: $0) }
        return try Canvas.render(size: layout.imageSize, format: format, title: title, description: summary) { canvas in
            draw(on: canvas, layout: layout)
        }
    }

    /// Draws the chart with `layout`'s coordinates (its top left corner at the canvas's origin).
    func draw(on canvas: Canvas, layout: Placement) {
        let (xScale, yScale) = scales
        let plot = layout.plot
        func position(_ x: Double, _ y: Double) -> Point {
            Point(
                x: plot.x + xScale.fraction(x) * plot.width,
                y: plot.maxY - yScale.fraction(y) * plot.height)
        }
        canvas.drawText(
            title, at: Point(x: LineChart.margin, y: LineChart.margin), font: Heatmap.titleFont, vertical: .top)

        // Grid lines first, so the data is drawn over them.
        LineChart.drawFrame(on: canvas, plot: plot, x: xScale, y: yScale, gridLines: true)

        for (index, line) in series.enumerated() {
            let color = LineChart.palette[index % LineChart.palette.count]
            let points = zip(line.xs, line.ys).map { position($0, $1) }
            if !line.markersOnly { canvas.polyline(points, color: color, width: 2) }
            if points.count <= LineChart.markerLimit || line.markersOnly {
                for point in points {
                    canvas.fillCircle(center: point, radius: line.markersOnly ? 4 : 3, color: color)
                }
            }
            let rowY = layout.legendOrigin.y + 10 + Double(index) * 20
            if line.markersOnly {
                canvas.fillCircle(center: Point(x: layout.legendOrigin.x + 10, y: rowY), radius: 4, color: color)
            } else {
                canvas.line(
                    from: Point(x: layout.legendOrigin.x, y: rowY), to: Point(x: layout.legendOrigin.x + 20, y: rowY),
                    color: color, width: 3)
            }
            canvas.drawText(
                line.name, at: Point(x: layout.legendOrigin.x + 28, y: rowY), font: LineChart.legendFont,
                vertical: .middle)
        }

        canvas.drawText(
            xAxisTitle, at: Point(x: plot.center.x, y: Double(layout.imageSize.height) - LineChart.margin),
            font: LineChart.captionFont, color: .axis, horizontal: .center, vertical: .bottom)
        canvas.drawText(
            yAxisTitle, at: Point(x: LineChart.margin, y: plot.center.y), font: LineChart.captionFont,
            color: .axis, horizontal: .center, vertical: .top, angle: 90)
    }

    /// Writes the image to `url`.
    public func write(to url: URL, format: ImageFormat) throws {
        try writeFile(data(format: format), to: url)
    }
}
