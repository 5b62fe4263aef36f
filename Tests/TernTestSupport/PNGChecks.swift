import Foundation
import XCTest

/// A PNG's size read from its header alone: the eight-byte signature, then the IHDR chunk that must come first.
/// Returns nil when either is missing.
public func pngSize(_ data: Data) -> (width: Int, height: Int)? {
    let bytes = [UInt8](data)
    let signature: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
    guard bytes.count >= 24, Array(bytes[0..<8]) == signature,
          String(decoding: bytes[12..<16], as: UTF8.self) == "IHDR"
    else { return nil }
    func bigEndian(_ offset: Int) -> Int {
        bytes[offset..<offset + 4].reduce(0) { $0 << 8 | Int($1) }
    }
    return (bigEndian(16), bigEndian(20))
}

/// A decoder that shares nothing with Cairo or libpng: a stdlib-only Python script (zlib + struct) that checks
/// chunk CRCs, inflates IDAT, undoes the five scanline filters and prints the requested pixels. Agreement between it
/// and the layout is evidence that the image really holds what the code meant to draw.
public enum IndependentPNGDecoder {
    static let script = #"""
    import struct, sys, zlib

    def decode(path, needed_rows):
        data = open(path, 'rb').read()
        assert data[:8] == b'\x89PNG\r\n\x1a\n', 'bad signature'
        pos, idat, header = 8, b'', None
        while pos < len(data):
            length, = struct.unpack('>I', data[pos:pos + 4])
            kind, body = data[pos + 4:pos + 8], data[pos + 8:pos + 8 + length]
            crc, = struct.unpack('>I', data[pos + 8 + length:pos + 12 + length])
            assert zlib.crc32(kind + body) & 0xffffffff == crc, 'bad CRC in ' + kind.decode()
            pos += 12 + length
            if kind == b'IHDR':
                header = struct.unpack('>IIBBBBB', body)
            elif kind == b'IDAT':
                idat += body
            elif kind == b'IEND':
                break
        width, height, depth, color_type, _, _, interlace = header
        assert depth == 8 and color_type in (2, 6) and interlace == 0, header
        channels = 3 if color_type == 2 else 4
        stride = width * channels
        raw = zlib.decompress(idat)
        assert len(raw) == height * (stride + 1), 'IDAT holds the wrong number of bytes'
        rows, previous = [], bytearray(stride)
        for y in range(min(height, needed_rows)):
            start = y * (stride + 1)
            kind, line = raw[start], bytearray(raw[start + 1:start + 1 + stride])
            if kind == 2:
                line = bytearray((v + u) & 255 for v, u in zip(line, previous))
            elif kind in (1, 3, 4):
                for x in range(stride):
                    a = line[x - channels] if x >= channels else 0
                    b = previous[x]
                    c = previous[x - channels] if x >= channels else 0
                    if kind == 1:
                        predictor = a
                    elif kind == 3:
                        predictor = (a + b) // 2
                    else:
                        p = a + b - c
                        pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                        predictor = a if pa <= pb and pa <= pc else (b if pb <= pc else c)
                    line[x] = (line[x] + predictor) & 255
            else:
                assert kind == 0, 'unknown filter %d' % kind
            rows.append(line)
            previous = line
        return width, height, channels, rows

    points = [tuple(map(int, p.split(','))) for p in sys.argv[2:]]
    width, height, channels, rows = decode(sys.argv[1], max([y for _, y in points], default=0) + 1)
    print(width, height)
    for x, y in points:
        pixel = rows[y][x * channels:x * channels + 3]
        print(pixel[0], pixel[1], pixel[2])
    """#

    /// The python3 on PATH, if any.
    static var python: URL? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for directory in path.split(separator: ":") {
            let candidate = URL(fileURLWithPath: String(directory)).appendingPathComponent("python3")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
        }
        return nil
    }

    /// The image size and the (red, green, blue) of each pixel at `points`, or a skip when python3 is missing.
    /// - Parameter points: pixel positions (x, y) whose colour to return.
    public static func decode(_ png: URL, points: [(x: Int, y: Int)]) throws -> (width: Int, height: Int, pixels: [[Int]]) {
        guard let python else { throw XCTSkip("python3 is not installed; independent PNG decoding skipped") }
        let scriptURL = png.deletingLastPathComponent().appendingPathComponent("decode_png.py")
        try script.write(to: scriptURL, atomically: true, encoding: .utf8)
        let process = Process()
        process.executableURL = python
        process.arguments = [scriptURL.path, png.path] + points.map { "\($0.x),\($0.y)" }
        let output = Pipe(), errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let errorText = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        XCTAssertEqual(process.terminationStatus, 0, "decoder failed: \(errorText)")
        let lines = text.split(separator: "\n").map { $0.split(separator: " ").compactMap { Int($0) } }
        guard let size = lines.first, size.count == 2 else {
            XCTFail("decoder printed no size: \(text) \(errorText)")
            return (0, 0, [])
        }
        return (size[0], size[1], Array(lines.dropFirst()))
    }

    /// Checks that `png` decodes whole (chunk CRCs, one filtered scanline per row); nothing to check without python3
    /// (the caller's header check has still run).
    public static func verify(_ png: URL, file: StaticString = #filePath, line: UInt = #line) throws {
        guard python != nil else { return }
        let decoded = try decode(png, points: [])
        XCTAssertGreaterThan(decoded.width * decoded.height, 0, "\(png.lastPathComponent) is empty", file: file, line: line)
    }
}
