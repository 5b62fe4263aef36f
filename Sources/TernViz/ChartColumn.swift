import Foundation

/// Line charts drawn one above another in one picture, their plot areas aligned left so an x axis they share reads
/// straight down: Snoek et al.'s Figure 1 puts the expected improvement under the GP's posterior this way, so the
/// eye goes from where the model is uncertain to where the search will look next.
///
/// Each chart keeps its own title, axes and legend; the column only places them. Charts of different widths are
/// left-aligned on the widest y-label column.
public struct ChartColumn: Sendable {
    /// The charts, top first.
    public let charts: [LineChart]
    /// The picture's title for an SVG reader (each chart shows its own title).
    public let title: String

    /// - Throws: `VizError.noSeries` for an empty column.
    public init(title: String, charts: [LineChart]) throws {
        guard !charts.isEmpty else { throw VizError.noSeries }
        self.title = title
        self.charts = charts
    }

    /// Each chart's layout with the common plot left edge, and the picture's size.
    func layouts(canvas: Canvas) -> (placements: [LineChart.Placement], size: PixelSize) {
        let left = charts.map { $0.ownPlotLeft(canvas: canvas) }.max()!
        let placements = charts.map { $0.placement(canvas: canvas, plotLeft: left) }
        return (placements, PixelSize(width: placements.map(\.imageSize.width).max()!,
                                      height: placements.map(\.imageSize.height).reduce(0, +)))
    }

    /// Where each chart's plot area lies in the picture (the plot rectangles, top first): what a test checks for
    /// alignment, and where a caller could draw over.
    public var plotAreas: [Rectangle] {
        Canvas.measuring { canvas in
            var top = 0.0
            return layouts(canvas: canvas).placements.map { placement in
                defer { top += Double(placement.imageSize.height) }
                return placement.plot.offsetBy(dx: 0, dy: top)
            }
        }
    }

    /// The encoded image.
    public func data(format: ImageFormat) throws -> Data {
        let (placements, size) = Canvas.measuring { layouts(canvas: $0) }
        return try Canvas.render(size: size, format: format, title: title,
                                 description: charts.map(\.summary).joined(separator: " Below it: ")) { canvas in
            var top = 0.0
            for (chart, placement) in zip(charts, placements) {
                canvas.translated(dx: 0, dy: top) { chart.draw(on: canvas, layout: placement) }
                top += Double(placement.imageSize.height)
            }
        }
    }

    /// Writes the image to `url`.
    public func write(to url: URL, format: ImageFormat) throws {
        try writeFile(data(format: format), to: url)
    }
}
