/// A vertical colour bar: the colour map as a gradient with tick values beside it, so a reader can turn a cell's
/// colour back into a number.
struct ColorBar {
    /// The colour map drawn.
    var colormap: Colormap
    /// The values at the bar's bottom and top.
    var range: ClosedRange<Double>
    /// The tick label font.
    var font = Font(size: 11)

    /// The bar's width, without ticks and labels.
    static let barWidth = 16.0
    /// The tick mark length.
    static let tickLength = 4.0
    /// The space between a tick mark and its label.
    static let labelGap = 3.0
    /// The shortest bar drawn: on a small matrix a bar only as tall as the cells would have no room for its ticks.
    static let minimumHeight = 160.0

    private var scale: AxisScale {
        AxisScale(lower: range.lowerBound, upper: range.upperBound, targetTicks: 6, expandingToTicks: false)
    }

    /// The width of bar, ticks and labels together.
    func totalWidth(canvas: Canvas) -> Double {
        let labelWidth = scale.ticks.map { canvas.width(of: scale.label($0), font: font) }.max() ?? 0
        return ColorBar.barWidth + ColorBar.tickLength + ColorBar.labelGap + labelWidth
    }

    /// Draws the bar in `bar` (the gradient's rectangle) with ticks and labels to its right.
    func draw(on canvas: Canvas, bar: Rectangle) {
        canvas.fillVerticalGradient(bar, colormap: colormap)
        canvas.stroke(bar, color: .axis, width: 1)
        let span = range.upperBound - range.lowerBound
        for tick in scale.ticks {
            let y = bar.maxY - (tick - range.lowerBound) / span * bar.height
            canvas.line(
                from: Point(x: bar.maxX, y: y), to: Point(x: bar.maxX + ColorBar.tickLength, y: y), color: .axis)
            canvas.drawText(
                scale.label(tick),
                at: Point(x: bar.maxX + ColorBar.tickLength + ColorBar.labelGap, y: y),
                font: font, vertical: .middle)
        }
    }
}
