import CCairo
import Foundation

/// A font: DejaVu Sans at a pixel size, regular or bold.
struct Font: Equatable {
    /// The em size in pixels.
    var size: Double
    /// Whether to use the bold face.
    var bold = false

    /// The family every chart uses; Debian's fonts-dejavu-core installs it, and it covers Latin, Greek, Cyrillic and
    /// the symbols a token axis needs (▁, ␣, …). It has no CJK glyphs: Cairo's toy text API does no font fallback, so
    /// those characters draw as missing-glyph boxes.
    static let family = "DejaVu Sans"
}

/// Where a text's anchor point sits along the text's own direction.
enum HorizontalAlignment {
    case leading, center, trailing
}

/// Where a text's anchor point sits across the text's own direction.
enum VerticalAlignment {
    /// The anchor is on the top of the tallest glyphs.
    case top
    /// The anchor is halfway between the top of capitals and the bottom of descenders.
    case middle
    /// The anchor is on the baseline.
    case baseline
    /// The anchor is under the lowest descender.
    case bottom
}

/// A thin wrapper over a Cairo context: the charts draw through it once, and the same calls land on a PNG or an SVG
/// surface, so the two formats cannot drift apart.
final class Canvas {
    /// The Cairo context (`cairo_t *`).
    private let context: OpaquePointer

    private init(surface: OpaquePointer) {
        context = cairo_create(surface)
        // Hinted metrics round glyph advances to whole pixels on raster surfaces but not on vector ones; turning
        // hinting off makes text measure the same on both, so a layout computed once fits either format.
        let options = cairo_font_options_create()
        cairo_font_options_set_hint_metrics(options, CAIRO_HINT_METRICS_OFF)
        cairo_font_options_set_hint_style(options, CAIRO_HINT_STYLE_NONE)
        cairo_set_font_options(context, options)
        cairo_font_options_destroy(options)
    }

    deinit {
        cairo_destroy(context)
    }

    /// Runs `body` with a canvas on a 1×1 surface, for measuring text while computing a layout.
    static func measuring<Result>(_ body: (Canvas) throws -> Result) rethrows -> Result {
        let surface = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, 1, 1)!
        defer { cairo_surface_destroy(surface) }
        return try body(Canvas(surface: surface))
    }

    /// Draws a picture of `size` with `draw` and encodes it in `format`.
    ///
    /// `title` and `description` go into the SVG's `<title>` and `<desc>` elements: Cairo writes text as glyph
    /// outlines, which look the same without the font installed but cannot be searched or read aloud, so the words
    /// are added once more as document metadata. PNG output ignores them.
    static func render(
        size: PixelSize,
        format: ImageFormat,
        title: String,
        description: String,
        draw: (Canvas) throws -> Void
    ) throws -> Data {
        guard size.width > 0, size.height > 0, size.width <= 32767, size.height <= 32767 else {
            throw VizError.imageTooLarge(width: size.width, height: size.height)
        }
        let sink = DataSink()
        let sinkPointer = Unmanaged.passUnretained(sink).toOpaque()
        let surface: OpaquePointer
        switch format {
        case .png:
            surface = cairo_image_surface_create(CAIRO_FORMAT_RGB24, Int32(size.width), Int32(size.height))
        case .svg:
            surface = cairo_svg_surface_create_for_stream(
                appendToSink, sinkPointer, Double(size.width), Double(size.height))
            // Cairo 1.16 defaults to points; pixels keep the SVG the same size on screen as the PNG.
            cairo_svg_surface_set_document_unit(surface, CAIRO_SVG_UNIT_PX)
        }
        defer { cairo_surface_destroy(surface) }
        try check(cairo_surface_status(surface))

        let canvas = Canvas(surface: surface)
        canvas.fill(Rectangle(x: 0, y: 0, width: Double(size.width), height: Double(size.height)), color: .white)
        try draw(canvas)
        try check(cairo_status(canvas.context))

        switch format {
        case .png:
            cairo_surface_flush(surface)
            try check(cairo_surface_write_to_png_stream(surface, appendToSink, sinkPointer))
            return sink.data
        case .svg:
            // Finishing writes the document's tail to the stream.
            cairo_surface_finish(surface)
            try check(cairo_surface_status(surface))
            return addingMetadata(toSVG: sink.data, title: title, description: description)
        }
    }

    private static func check(_ status: cairo_status_t) throws {
        guard status == CAIRO_STATUS_SUCCESS else {
            throw VizError.drawingFailed(String(cString: cairo_status_to_string(status)))
        }
    }

    /// Inserts `<title>` and `<desc>` right after the opening `<svg …>` tag, where SVG expects them.
    private static func addingMetadata(toSVG data: Data, title: String, description: String) -> Data {
        guard var text = String(data: data, encoding: .utf8),
              let rootStart = text.range(of: "<svg"),
              let rootEnd = text.range(of: ">", range: rootStart.upperBound..<text.endIndex)
        else { return data }
        let metadata = "\n<title>\(escapingXML(title))</title>\n<desc>\(escapingXML(description))</desc>"
        text.insert(contentsOf: metadata, at: rootEnd.upperBound)
        return Data(text.utf8)
    }

    // MARK: Shapes

    /// Fills `rectangle` with `color`.
    func fill(_ rectangle: Rectangle, color: RGBColor) {
        setColor(color)
        cairo_rectangle(context, rectangle.x, rectangle.y, rectangle.width, rectangle.height)
        cairo_fill(context)
    }

    /// Fills rectangles edge to edge without anti-aliasing, so neighbouring cells meet without a hairline seam
    /// (cells sit on whole pixels, so nothing is lost on the raster surface either).
    func fillCells(_ body: () -> Void) {
        cairo_save(context)
        cairo_set_antialias(context, CAIRO_ANTIALIAS_NONE)
        body()
        cairo_restore(context)
    }

    /// Strokes the outline of `rectangle`, centred on its edges.
    func stroke(_ rectangle: Rectangle, color: RGBColor, width: Double = 1) {
        setColor(color)
        cairo_set_line_width(context, width)
        cairo_rectangle(context, rectangle.x, rectangle.y, rectangle.width, rectangle.height)
        cairo_stroke(context)
    }

    /// Draws a straight line.
    func line(from start: Point, to end: Point, color: RGBColor, width: Double = 1) {
        polyline([start, end], color: color, width: width)
    }

    /// Draws connected line segments through `points`.
    func polyline(_ points: [Point], color: RGBColor, width: Double) {
        guard let first = points.first else { return }
        setColor(color)
        cairo_set_line_width(context, width)
        cairo_set_line_join(context, CAIRO_LINE_JOIN_ROUND)
        cairo_set_line_cap(context, CAIRO_LINE_CAP_ROUND)
        cairo_move_to(context, first.x, first.y)
        for point in points.dropFirst() {
            cairo_line_to(context, point.x, point.y)
        }
        cairo_stroke(context)
    }

    /// Fills a circle.
    func fillCircle(center: Point, radius: Double, color: RGBColor) {
        setColor(color)
        cairo_new_sub_path(context)
        cairo_arc(context, center.x, center.y, radius, 0, 2 * .pi)
        cairo_fill(context)
    }

    /// Fills `rectangle` with `colormap` running from its bottom (low values) to its top (high values).
    ///
    /// A gradient with one stop per table entry, rather than a stack of thin rectangles, keeps the SVG small and
    /// free of seams between stripes.
    func fillVerticalGradient(_ rectangle: Rectangle, colormap: Colormap) {
        let pattern = cairo_pattern_create_linear(rectangle.x, rectangle.maxY, rectangle.x, rectangle.y)!
        defer { cairo_pattern_destroy(pattern) }
        let last = Double(max(colormap.colors.count - 1, 1))
        for (index, color) in colormap.colors.enumerated() {
            cairo_pattern_add_color_stop_rgb(pattern, Double(index) / last, color.red, color.green, color.blue)
        }
        cairo_set_source(context, pattern)
        cairo_rectangle(context, rectangle.x, rectangle.y, rectangle.width, rectangle.height)
        cairo_fill(context)
    }

    /// Runs `body` with the origin moved by (`dx`, `dy`): how a picture made of several charts draws each one
    /// with the chart's own coordinates.
    func translated(dx: Double, dy: Double, _ body: () throws -> Void) rethrows {
        cairo_save(context)
        cairo_translate(context, dx, dy)
        defer { cairo_restore(context) }
        try body()
    }

    // MARK: Text

    /// The advance width of `text` in `font`: how far the next text would start.
    func width(of text: String, font: Font) -> Double {
        select(font)
        var extents = cairo_text_extents_t()
        cairo_text_extents(context, text, &extents)
        return extents.x_advance
    }

    /// The height of a line of `font`: ascent plus descent.
    func lineHeight(of font: Font) -> Double {
        let extents = fontExtents(font)
        return extents.ascent + extents.descent
    }

    /// Draws `text` with its anchor at `point`, turned `angle` degrees counter-clockwise about that point.
    func drawText(
        _ text: String,
        at point: Point,
        font: Font,
        color: RGBColor = .text,
        horizontal: HorizontalAlignment = .leading,
        vertical: VerticalAlignment = .baseline,
        angle: Double = 0
    ) {
        let advance = width(of: text, font: font)
        let extents = fontExtents(font)
        let dx: Double
        switch horizontal {
        case .leading: dx = 0
        case .center: dx = -advance / 2
        case .trailing: dx = -advance
        }
        let dy: Double
        switch vertical {
        case .top: dy = extents.ascent
        case .middle: dy = (extents.ascent - extents.descent) / 2
        case .baseline: dy = 0
        case .bottom: dy = -extents.descent
        }
        cairo_save(context)
        cairo_translate(context, point.x, point.y)
        if angle != 0 {
            // Cairo's y axis points down, so a counter-clockwise turn on screen is a negative angle.
            cairo_rotate(context, -angle * .pi / 180)
        }
        setColor(color)
        cairo_move_to(context, dx, dy)
        cairo_show_text(context, text)
        cairo_restore(context)
    }

    // MARK: State

    private func setColor(_ color: RGBColor) {
        cairo_set_source_rgb(context, color.red, color.green, color.blue)
    }

    private func select(_ font: Font) {
        cairo_select_font_face(
            context, Font.family, CAIRO_FONT_SLANT_NORMAL,
            font.bold ? CAIRO_FONT_WEIGHT_BOLD : CAIRO_FONT_WEIGHT_NORMAL)
        cairo_set_font_size(context, font.size)
    }

    private func fontExtents(_ font: Font) -> cairo_font_extents_t {
        select(font)
        var extents = cairo_font_extents_t()
        cairo_font_extents(context, &extents)
        return extents
    }
}

/// Collects the bytes Cairo streams out while encoding.
private final class DataSink {
    var data = Data()
}

/// Cairo's write callback: appends to the `DataSink` passed as the closure pointer.
private let appendToSink: cairo_write_func_t = { closure, bytes, length in
    guard let closure, let bytes else { return CAIRO_STATUS_WRITE_ERROR }
    Unmanaged<DataSink>.fromOpaque(closure).takeUnretainedValue().data.append(bytes, count: Int(length))
    return CAIRO_STATUS_SUCCESS
}

/// `text` with the five XML special characters escaped and control characters (invalid in XML 1.0) dropped.
func escapingXML(_ text: String) -> String {
    var escaped = ""
    for scalar in text.unicodeScalars {
        switch scalar {
        case "&": escaped += "&amp;"
        case "<": escaped += "&lt;"
        case ">": escaped += "&gt;"
        case "\"": escaped += "&quot;"
        case "'": escaped += "&apos;"
        case "\t", "\n", "\r": escaped.unicodeScalars.append(scalar)
        default:
            if scalar.value >= 0x20 { escaped.unicodeScalars.append(scalar) }
        }
    }
    return escaped
}
