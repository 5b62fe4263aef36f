import Foundation

/// Why a chart could not be made: bad input is reported before anything is drawn, so a caller never gets a half image.
public enum VizError: Error, Equatable, CustomStringConvertible, LocalizedError {
    /// The matrix has no rows or no columns.
    case emptyMatrix
    /// The matrix has `values` rows but `labels` row labels were given.
    case rowCountMismatch(values: Int, labels: Int)
    /// Row `row` of the matrix has `values` entries but `labels` column labels were given.
    case columnCountMismatch(row: Int, values: Int, labels: Int)
    /// The value at (`row`, `column`) is NaN or infinite.
    case nonFiniteValue(row: Int, column: Int)
    /// The colour scale's range is empty or not finite.
    case invalidValueRange(lower: Double, upper: Double)
    /// A grid was asked for with no panels.
    case emptyGrid
    /// Head `head` of a layer does not have the shape of head 0.
    case headShapeMismatch(head: Int)
    /// A line chart was asked for with no series.
    case noSeries
    /// The series named `name` has no points.
    case emptySeries(name: String)
    /// Point `index` of series `series` has a NaN or infinite coordinate.
    case nonFinitePoint(series: String, index: Int)
    /// A surface chart's panel does not have one value per cell of the edges' grid.
    case surfaceGridMismatch(panel: String, rows: Int, columns: Int, expectedRows: Int, expectedColumns: Int)
    /// A surface chart's cell edges are not finite and ascending (and positive on a logarithmic axis).
    case invalidEdge(axis: String, index: Int)
    /// The image would exceed the largest surface Cairo can make.
    case imageTooLarge(width: Int, height: Int)
    /// Cairo reported an error while drawing or encoding.
    case drawingFailed(String)

    public var description: String {
        switch self {
        case .emptyMatrix:
            return "the matrix is empty: a heatmap needs at least one row and one column"
        case let .rowCountMismatch(values, labels):
            return "the matrix has \(values) rows but \(labels) row labels were given"
        case let .columnCountMismatch(row, values, labels):
            return "row \(row) of the matrix has \(values) values but \(labels) column labels were given"
        case let .nonFiniteValue(row, column):
            return "the value at row \(row), column \(column) is not finite (NaN or infinity)"
        case let .invalidValueRange(lower, upper):
            return "the colour scale range \(lower)…\(upper) must be finite and not empty"
        case .emptyGrid:
            return "a heatmap grid needs at least one panel"
        case let .headShapeMismatch(head):
            return "head \(head) does not have the same number of rows and columns as head 0"
        case .noSeries:
            return "a line chart needs at least one series"
        case let .emptySeries(name):
            return "the series \"\(name)\" has no points"
        case let .nonFinitePoint(series, index):
            return "point \(index) of the series \"\(series)\" is not finite (NaN or infinity)"
        case let .surfaceGridMismatch(panel, rows, columns, expectedRows, expectedColumns):
            return "the panel \"\(panel)\" has \(rows)×\(columns) values (rows × columns) but its edges make \(expectedRows)×\(expectedColumns) cells"
        case let .invalidEdge(axis, index):
            return "edge \(index) of the \"\(axis)\" axis is not finite, not ascending, or not positive on a logarithmic axis"
        case let .imageTooLarge(width, height):
            return "the image would be \(width)×\(height) pixels, beyond Cairo's limit of 32767 per side"
        case let .drawingFailed(reason):
            return "drawing failed: \(reason)"
        }
    }

    public var errorDescription: String? { description }
}
