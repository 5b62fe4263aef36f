/// The distribution of a set of values in a fixed number of equal-width bins, with the range the bins cover and the
/// moments of the values: what per-layer statistics keep of a weight, gradient or activation tensor, and what a
/// TensorBoard histogram (`HistogramProto`) holds.
///
/// It lives in the store, below both the trainer and the TensorBoard writer, so that the statistics that compute it,
/// the tables that keep it and the event files that show it share one type.
///
/// Bin `i` covers `[lowerBound + i·width, lowerBound + (i+1)·width)`, the last bin also takes `upperBound`, and
/// ``bucketLimits`` are the bins' right edges (TensorBoard's convention). Values outside a range given by the caller
/// are counted in the nearest end bin, so ``bucketCounts`` always add up to ``count``. NaN and ±infinity are not
/// binned and not in the moments; they are counted in ``nonFiniteCount``, so a diverged tensor shows as such instead
/// of as a histogram of nothing.
public struct Histogram: Sendable, Equatable {
    /// The smallest and largest finite value (0 when there is none).
    public var minimum: Double
    public var maximum: Double
    /// Finite values binned.
    public var count: Int
    public var sum: Double
    public var sumOfSquares: Double
    /// NaN and ±infinity seen and left out of everything else.
    public var nonFiniteCount: Int
    /// The range the bins cover: the values' own range unless the caller gave one.
    public var lowerBound: Double
    public var upperBound: Double
    /// Values per bin, `binCount` of them.
    public var bucketCounts: [Int]

    public var binCount: Int { bucketCounts.count }
    public var mean: Double { count > 0 ? sum / Double(count) : 0 }

    /// The right edge of each bin; the last is ``upperBound``.
    public var bucketLimits: [Double] {
        let width = (upperBound - lowerBound) / Double(binCount)
        return (1...binCount).map { $0 == binCount ? upperBound : lowerBound + Double($0) * width }
    }

    /// A histogram from its parts, e.g. as read back from a table.
    public init(minimum: Double, maximum: Double, count: Int, sum: Double, sumOfSquares: Double, nonFiniteCount: Int = 0,
                lowerBound: Double, upperBound: Double, bucketCounts: [Int]) {
        precondition(!bucketCounts.isEmpty, "a histogram needs at least one bin")
        precondition(lowerBound < upperBound, "a histogram's range must not be empty: \(lowerBound)...\(upperBound)")
        (self.minimum, self.maximum, self.count, self.sum, self.sumOfSquares) = (minimum, maximum, count, sum, sumOfSquares)
        (self.nonFiniteCount, self.lowerBound, self.upperBound, self.bucketCounts) = (nonFiniteCount, lowerBound, upperBound, bucketCounts)
    }

    /// Bins `values` into `binCount` equal bins over `range`, or over the values' own range when `range` is nil.
    ///
    /// A range of zero width (all values equal, or none) is widened to ±0.5 around its value, as TensorBoard's own
    /// summary ops do, so the one value gets a visible bar. Moments are summed in Double.
    /// - Parameters:
    ///   - values: the values; non-finite ones are only counted (``nonFiniteCount``).
    ///   - binCount: the number of bins, at least 1 (30 is TensorBoard's default).
    ///   - range: a fixed range, to compare histograms of one tensor across steps; values outside go to the end bins.
    public init(values: UnsafeBufferPointer<Float>, binCount: Int = 30, range: ClosedRange<Double>? = nil) {
        precondition(binCount >= 1, "a histogram needs at least one bin, got \(binCount)")
        var minimum = Double.infinity, maximum = -Double.infinity
        var count = 0, nonFinite = 0
        var sum = 0.0, sumOfSquares = 0.0
        for value in values {
            guard value.isFinite else { nonFinite += 1; continue }
            let x = Double(value)
            minimum = Swift.min(minimum, x)
            maximum = Swift.max(maximum, x)
            sum += x
            sumOfSquares += x * x
            count += 1
        }
        if count == 0 { (minimum, maximum) = (0, 0) }
        var lower = range?.lowerBound ?? minimum, upper = range?.upperBound ?? maximum
        if lower == upper { (lower, upper) = (lower - 0.5, upper + 0.5) }
        var buckets = [Int](repeating: 0, count: binCount)
        let binsPerUnit = Double(binCount) / (upper - lower)
        for value in values where value.isFinite {
            // Truncation toward zero is the floor here once negatives (values below a given range) are clamped.
            let position = (Double(value) - lower) * binsPerUnit
            let bin = position <= 0 ? 0 : Swift.min(Int(position), binCount - 1)
            buckets[bin] += 1
        }
        self.init(minimum: minimum, maximum: maximum, count: count, sum: sum, sumOfSquares: sumOfSquares,
                  nonFiniteCount: nonFinite, lowerBound: lower, upperBound: upper, bucketCounts: buckets)
    }

    /// Bins `values`, as the initializer from a buffer does.
    public init(values: [Float], binCount: Int = 30, range: ClosedRange<Double>? = nil) {
        self = values.withUnsafeBufferPointer { Histogram(values: $0, binCount: binCount, range: range) }
    }
}
