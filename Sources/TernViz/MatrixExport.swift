import Foundation

/// A matrix with its labels, written as JSON beside each heatmap image so the numbers behind a picture can be read
/// back, compared or re-plotted with another tool.
///
/// The file looks like `{ "title": …, "rows": [tokens], "columns": [tokens], "values": [[…]] }`, one matrix row per
/// line; tokens are stored as given, before the display convention of the image's labels.
public struct MatrixExport: Codable, Equatable, Sendable {
    /// The image's title or the panel's subtitle.
    public var title: String
    /// The row (target) tokens.
    public var rows: [String]
    /// The column (source) tokens.
    public var columns: [String]
    /// The matrix, rows first.
    public var values: [[Float]]

    /// Creates an export record.
    public init(title: String, rows: [String], columns: [String], values: [[Float]]) {
        self.title = title
        self.rows = rows
        self.columns = columns
        self.values = values
    }

    /// The JSON text, keys in reading order and one matrix row per line (JSONEncoder would sort the keys or put
    /// every number on its own line).
    public func jsonText(indent: String = "") -> String {
        let inner = indent + "  "
        let valueRows = values.map { row in
            inner + "  [" + row.map { "\($0)" }.joined(separator: ", ") + "]"
        }
        return """
            \(indent){
            \(inner)"title": \(jsonString(title)),
            \(inner)"rows": [\(rows.map(jsonString).joined(separator: ", "))],
            \(inner)"columns": [\(columns.map(jsonString).joined(separator: ", "))],
            \(inner)"values": [
            \(valueRows.joined(separator: ",\n"))
            \(inner)]
            \(indent)}
            """
    }

    /// Where the JSON goes for an image at `imageURL`: the same name with the extension `json`.
    public static func url(besideImageAt imageURL: URL) -> URL {
        imageURL.deletingPathExtension().appendingPathExtension("json")
    }
}

/// The panels of a grid, written as `{ "title": …, "panels": [ {matrix export}, … ] }`.
public struct MatrixGridExport: Codable, Equatable, Sendable {
    /// The grid's title.
    public var title: String
    /// One record per panel, in drawing order.
    public var panels: [MatrixExport]

    /// Creates an export record.
    public init(title: String, panels: [MatrixExport]) {
        self.title = title
        self.panels = panels
    }

    /// The JSON text, panels one after another in reading order.
    public func jsonText() -> String {
        """
        {
          "title": \(jsonString(title)),
          "panels": [
        \(panels.map { $0.jsonText(indent: "    ") }.joined(separator: ",\n"))
          ]
        }
        """
    }
}

/// `text` as a JSON string literal. Non-ASCII characters stay as they are (JSON is UTF-8), so "é" reads as "é".
func jsonString(_ text: String) -> String {
    var quoted = "\""
    for scalar in text.unicodeScalars {
        switch scalar {
        case "\"": quoted += "\\\""
        case "\\": quoted += "\\\\"
        case "\n": quoted += "\\n"
        case "\r": quoted += "\\r"
        case "\t": quoted += "\\t"
        default:
            if scalar.value < 0x20 {
                quoted += String(format: "\\u%04x", scalar.value)
            } else {
                quoted.unicodeScalars.append(scalar)
            }
        }
    }
    return quoted + "\""
}

/// Writes `data` to `url`, replacing any file there.
func writeFile(_ data: Data, to url: URL) throws {
    try data.write(to: url, options: .atomic)
}
