import TernStore
import XCTest

/// Histograms of values whose bins, bounds and moments are worked out by hand (powers of two, so every figure is
/// exact in binary).
final class HistogramTests: XCTestCase {
    /// Own range [0, 8] in 4 bins of width 2: a value on an inner edge goes to the bin on its right, the maximum to
    /// the last bin.
    func testOwnRange() {
        let histogram = Histogram(values: [0, 1.5, 2, 5, 7.5, 8], binCount: 4)
        XCTAssertEqual(histogram, Histogram(minimum: 0, maximum: 8, count: 6, sum: 24, sumOfSquares: 151.5,
                                            lowerBound: 0, upperBound: 8, bucketCounts: [2, 1, 1, 2]))
        XCTAssertEqual(histogram.bucketLimits, [2, 4, 6, 8])
        XCTAssertEqual(histogram.mean, 4)
    }

    /// A fixed range: values outside land in the end bins; NaN and infinity are only counted.
    func testFixedRangeAndNonFiniteValues() {
        let histogram = Histogram(values: [-3, 1, 2, 9, .nan, .infinity], binCount: 2, range: 0...4)
        XCTAssertEqual(histogram, Histogram(minimum: -3, maximum: 9, count: 4, sum: 9, sumOfSquares: 95, nonFiniteCount: 2,
                                            lowerBound: 0, upperBound: 4, bucketCounts: [2, 2]))
        XCTAssertEqual(histogram.bucketLimits, [2, 4])
    }

    /// Equal values get the range ±0.5 around them; no values give an all-zero histogram around 0.
    func testZeroWidthRanges() {
        let equal = Histogram(values: [3, 3, 3], binCount: 2)
        XCTAssertEqual(equal, Histogram(minimum: 3, maximum: 3, count: 3, sum: 9, sumOfSquares: 27,
                                        lowerBound: 2.5, upperBound: 3.5, bucketCounts: [0, 3]))
        XCTAssertEqual(equal.bucketLimits, [3, 3.5])
        let empty = Histogram(values: [], binCount: 3)
        XCTAssertEqual(empty.bucketCounts, [0, 0, 0])
        XCTAssertEqual([empty.minimum, empty.maximum, empty.lowerBound, empty.upperBound], [0, 0, -0.5, 0.5])
        XCTAssertEqual(empty.count, 0)
        XCTAssertEqual(empty.mean, 0)
    }
}
