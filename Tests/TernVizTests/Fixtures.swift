import Foundation
import XCTest

/// Sample sentences and attention-like matrices shared by the tests.
enum Fixtures {
    /// Spanish source pieces, with the SentencePiece word-start marker, accents and an inverted question mark.
    static let sourceTokens = ["▁¿", "Dónde", "▁está", "▁la", "▁niña", "▁pequeña", "?", "</s>"]
    /// German target pieces, with an umlaut and a word split in two pieces.
    static let targetTokens = ["▁Wo", "▁ist", "▁das", "▁kleine", "▁Mäd", "chen", "?", "</s>"]

    /// An attention-like matrix: each row sums to 1 and peaks at `alignment[row]`, spreading a little to neighbours.
    static func attention(rows: Int, columns: Int, alignment: (Int) -> Int, sharpness: Double = 1.6) -> [[Float]] {
        (0..<rows).map { row in
            let peak = alignment(row)
            let scores = (0..<columns).map { exp(-sharpness * Double(abs($0 - peak))) }
            let total = scores.reduce(0, +)
            return scores.map { Float($0 / total) }
        }
    }

    /// The sample sentence's alignment: Wo←Dónde, ist←está, das←la, kleine←pequeña, Mäd/chen←niña, ?←?, </s>←</s>.
    static let sampleAttention: [[Float]] = {
        let alignment = [1, 2, 3, 5, 4, 4, 6, 7]
        return attention(rows: 8, columns: 8, alignment: { alignment[$0] })
    }()

    /// A fresh directory under the system temporary directory.
    static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("ternviz-tests-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}

/// Asserts two colours agree within `tolerance` per 8-bit channel (anti-aliasing and rounding stay below it).
func assertColor(
    _ pixel: [Int], _ expected: (red: UInt8, green: UInt8, blue: UInt8), tolerance: Int = 2,
    _ message: String = "", file: StaticString = #filePath, line: UInt = #line
) {
    let wanted = [Int(expected.red), Int(expected.green), Int(expected.blue)]
    XCTAssertEqual(pixel.count, 3, message, file: file, line: line)
    let close = pixel.count == 3 && zip(pixel, wanted).allSatisfy { abs($0 - $1) <= tolerance }
    XCTAssertTrue(close, "pixel \(pixel) is not \(wanted) ± \(tolerance). \(message)", file: file, line: line)
}
