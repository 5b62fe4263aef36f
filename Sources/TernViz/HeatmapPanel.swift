import Foundation

/// One attention matrix with its token labels, axis captions and an optional subtitle: the part a single heatmap and
/// each panel of a grid have in common.
struct HeatmapPanel {
    /// The text above the matrix, if any.
    var subtitle: String?
    /// The matrix, rows first.
    var values: [[Float]]
    /// The row (target) tokens as drawn.
    var rowLabels: [String]
    /// The column (source) tokens as drawn.
    var columnLabels: [String]
    /// The side of a cell in pixels.
    var cellSize: Int
    /// Angles and captions.
    var style: HeatmapStyle
    /// The colour scale.
    var colormap: Colormap
    /// The values at the two ends of the colour scale.
    var valueRange: ClosedRange<Double>

    static let tickLength = 4.0
    static let labelGap = 3.0
    static let captionGap = 6.0
    static let subtitleFont = Font(size: 13, bold: true)
    static let captionFont = Font(size: 12)

    /// Where things go, relative to the panel's top-left corner.
    struct Metrics {
        /// The matrix's top-left corner, on whole pixels.
        var matrixOrigin: Point
        /// The whole panel's size, labels included.
        var width: Double
        var height: Double
    }

    init(
        subtitle: String?, values: [[Float]], rowTokens: [String], columnTokens: [String], cellSize: Int,
        style: HeatmapStyle, colormap: Colormap, valueRange: ClosedRange<Double>
    ) {
        self.subtitle = subtitle
        self.values = values
        rowLabels = rowTokens.map(TokenLabel.display)
        columnLabels = columnTokens.map(TokenLabel.display)
        self.cellSize = cellSize
        self.style = style
        self.colormap = colormap
        self.valueRange = valueRange
    }

    /// The token label size: about 60% of a cell, within 9–14 px: 9 px is the smallest DejaVu Sans stays legible
    /// at, and its line still fits the smallest (14 px) cell, so a label never spills into the next row.
    var labelFont: Font {
        Font(size: min(max(Double(cellSize) * 0.6, 9), 14))
    }

    private var matrixWidth: Double { Double(columnLabels.count * cellSize) }
    private var matrixHeight: Double { Double(rowLabels.count * cellSize) }
    private var angleRadians: Double { style.clampedColumnLabelAngle * .pi / 180 }

    /// How far the rotated column labels reach below their anchor, and past the matrix's left and right edges.
    private func columnLabelExtents(canvas: Canvas) -> (depth: Double, leftOverhang: Double, rightOverhang: Double) {
        let halfHeight = canvas.lineHeight(of: labelFont) / 2
        let sine = sin(angleRadians), cosine = cos(angleRadians)
        var depth = 0.0, left = 0.0
        for (column, label) in columnLabels.enumerated() {
            let width = canvas.width(of: label, font: labelFont)
            depth = max(depth, width * sine + halfHeight * cosine)
            // Each label ends at its column's centre and runs down to the left from there.
            let anchor = (Double(column) + 0.5) * Double(cellSize)
            left = max(left, width * cosine + halfHeight * sine - anchor)
        }
        let right = max(0, halfHeight * sine - Double(cellSize) / 2)
        return (depth, left, right)
    }

    func metrics(canvas: Canvas) -> Metrics {
        let rowLabelWidth = rowLabels.map { canvas.width(of: $0, font: labelFont) }.max() ?? 0
        let rowLabelBlock = rowLabelWidth + HeatmapPanel.tickLength + HeatmapPanel.labelGap
        let columnLabels = columnLabelExtents(canvas: canvas)
        let captionHeight = canvas.lineHeight(of: HeatmapPanel.captionFont)
        let rowCaptionBlock = style.rowAxisTitle.isEmpty ? 0 : captionHeight + 2 * HeatmapPanel.captionGap
        let left = (rowCaptionBlock + max(rowLabelBlock, columnLabels.leftOverhang)).rounded(.up)
        let top = subtitle.map { _ in
            (canvas.lineHeight(of: HeatmapPanel.subtitleFont) + HeatmapPanel.captionGap).rounded(.up)
        } ?? 0

        let subtitleWidth = subtitle.map { canvas.width(of: $0, font: HeatmapPanel.subtitleFont) } ?? 0
        let columnCaptionWidth = canvas.width(of: style.columnAxisTitle, font: HeatmapPanel.captionFont)
        let width = left + max(
            matrixWidth + columnLabels.rightOverhang,
            subtitleWidth,
            (matrixWidth + columnCaptionWidth) / 2)
        var height = top + matrixHeight + HeatmapPanel.tickLength + HeatmapPanel.labelGap + columnLabels.depth
        if !style.columnAxisTitle.isEmpty {
            height += HeatmapPanel.captionGap + captionHeight
        }
        // The rotated row caption is centred on the matrix; a one-row matrix is shorter than the caption.
        let rowCaptionWidth = canvas.width(of: style.rowAxisTitle, font: HeatmapPanel.captionFont)
        height = max(height, top + matrixHeight / 2 + rowCaptionWidth / 2)
        return Metrics(matrixOrigin: Point(x: left, y: top), width: width.rounded(.up), height: height.rounded(.up))
    }

    /// Draws the panel with its top-left corner at `origin` (whole pixels, so cells stay on the pixel grid).
    func draw(on canvas: Canvas, at origin: Point, metrics: Metrics) {
        let matrix = Rectangle(
            x: origin.x + metrics.matrixOrigin.x, y: origin.y + metrics.matrixOrigin.y,
            width: matrixWidth, height: matrixHeight)
        let cell = Double(cellSize)

        if let subtitle {
            canvas.drawText(
                subtitle, at: Point(x: matrix.x, y: matrix.y - HeatmapPanel.captionGap),
                font: HeatmapPanel.subtitleFont, vertical: .bottom)
        }

        canvas.fillCells {
            for (row, rowValues) in values.enumerated() {
                for (column, value) in rowValues.enumerated() {
                    let cellRectangle = Rectangle(
                        x: matrix.x + Double(column) * cell, y: matrix.y + Double(row) * cell,
                        width: cell, height: cell)
                    canvas.fill(cellRectangle, color: colormap.color(for: Double(value), in: valueRange))
                }
            }
        }
        // Half a pixel outside the cells, so the frame's one-pixel line is crisp and leaves every cell whole.
        canvas.stroke(
            Rectangle(x: matrix.x - 0.5, y: matrix.y - 0.5, width: matrix.width + 1, height: matrix.height + 1),
            color: .axis)

        let tick = HeatmapPanel.tickLength, gap = HeatmapPanel.labelGap
        for (row, label) in rowLabels.enumerated() {
            let y = matrix.y + (Double(row) + 0.5) * cell
            canvas.line(from: Point(x: matrix.x - 0.5 - tick, y: y), to: Point(x: matrix.x - 0.5, y: y), color: .axis)
            canvas.drawText(
                label, at: Point(x: matrix.x - tick - gap, y: y), font: labelFont,
                horizontal: .trailing, vertical: .middle)
        }
        for (column, label) in columnLabels.enumerated() {
            let x = matrix.x + (Double(column) + 0.5) * cell
            canvas.line(
                from: Point(x: x, y: matrix.maxY + 0.5), to: Point(x: x, y: matrix.maxY + 0.5 + tick), color: .axis)
            canvas.drawText(
                label, at: Point(x: x, y: matrix.maxY + tick + gap), font: labelFont,
                horizontal: .trailing, vertical: .middle, angle: style.clampedColumnLabelAngle)
        }

        if !style.rowAxisTitle.isEmpty {
            canvas.drawText(
                style.rowAxisTitle, at: Point(x: origin.x, y: matrix.center.y), font: HeatmapPanel.captionFont,
                color: .axis, horizontal: .center, vertical: .top, angle: 90)
        }
        if !style.columnAxisTitle.isEmpty {
            canvas.drawText(
                style.columnAxisTitle, at: Point(x: matrix.center.x, y: origin.y + metrics.height),
                font: HeatmapPanel.captionFont, color: .axis, horizontal: .center, vertical: .bottom)
        }
    }
}
