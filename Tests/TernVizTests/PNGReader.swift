import Foundation
import TernTestSupport
import TernViz

extension IndependentPNGDecoder {
    /// `decode(_:points:)` at drawing coordinates, truncated to whole pixels.
    static func decode(_ png: URL, points: [Point]) throws -> (width: Int, height: Int, pixels: [[Int]]) {
        try decode(png, points: points.map { (x: Int($0.x), y: Int($0.y)) })
    }
}
