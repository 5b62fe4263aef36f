/// Sizes and words for drawing attention matrices; the defaults suit sentences from a few tokens to about a hundred.
public struct HeatmapStyle: Equatable, Sendable {
    /// The smallest cell side in pixels: below this a label no longer fits beside its row.
    public var minimumCellSize = 14
    /// The largest cell side in pixels: beyond this a short sentence is all colour and no structure.
    public var maximumCellSize = 40
    /// The side, in pixels, the matrix aims for; cells shrink from the largest towards the smallest size to keep it,
    /// and past the smallest the image grows with the token count instead.
    public var targetMatrixExtent = 560
    /// The angle of the source-token labels under the matrix, in degrees counter-clockwise from horizontal (30–90).
    public var columnLabelAngle = 60.0
    /// The caption beside the row labels.
    public var rowAxisTitle = "target"
    /// The caption under the column labels.
    public var columnAxisTitle = "source"

    /// The style of a single heatmap.
    public init() {}

    /// The style of one panel among several: a smaller target so a layer's heads fit side by side.
    public static var gridPanel: HeatmapStyle {
        var style = HeatmapStyle()
        style.targetMatrixExtent = 300
        return style
    }

    /// The cell side for a matrix of `rows` × `columns`, in whole pixels so cells land on the pixel grid.
    func cellSize(rows: Int, columns: Int) -> Int {
        let smallest = max(1, minimumCellSize)
        let largest = max(smallest, maximumCellSize)
        let fitting = targetMatrixExtent / max(rows, columns, 1)
        return min(max(fitting, smallest), largest)
    }

    /// The label angle kept to 30–90°: flatter labels run into their neighbours, steeper ones read upside down.
    var clampedColumnLabelAngle: Double {
        min(max(columnLabelAngle.isFinite ? columnLabelAngle : 60, 30), 90)
    }
}
