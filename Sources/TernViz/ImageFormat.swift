/// The file formats every chart can be written in; both come from the same drawing code.
public enum ImageFormat: String, CaseIterable, Sendable {
    /// A raster image, for viewing anywhere.
    case png
    /// A vector image, for papers and zooming into long sentences.
    case svg

    /// The file name extension, without the dot.
    public var fileExtension: String { rawValue }

    /// The format a file name's extension names, if it is one of ours (case-insensitive).
    public init?(fileExtension: String) {
        self.init(rawValue: fileExtension.lowercased())
    }
}
