import TernStore

/// One record of an event file: TensorFlow's `Event` message, reduced to the fields TensorBoard reads for scalars and
/// histograms (`tensorflow/core/util/event.proto`, `tensorflow/core/framework/summary.proto`).
///
/// The first event of a file carries only ``fileVersion`` (`"brain.Event:2"`); every later one carries summary values
/// at a step.
public struct Event: Equatable, Sendable {
    /// Seconds since 1970 (field 1, double).
    public var wallTime: Double
    /// The training step (field 2, int64).
    public var step: Int64
    /// Field 3: set on a file's first event only.
    public var fileVersion: String?
    /// Field 5, `Summary.value`.
    public var values: [SummaryValue]

    public init(wallTime: Double, step: Int64 = 0, fileVersion: String? = nil, values: [SummaryValue] = []) {
        (self.wallTime, self.step, self.fileVersion, self.values) = (wallTime, step, fileVersion, values)
    }

    /// What a reader expects in a file's first event.
    public static let currentFileVersion = "brain.Event:2"
}

/// One tagged value of a summary (`Summary.Value`): a scalar or a histogram.
public struct SummaryValue: Equatable, Sendable {
    /// The name TensorBoard groups by, e.g. `train/loss` (field 1).
    public var tag: String
    public var content: Content

    public enum Content: Equatable, Sendable {
        /// `simple_value` (field 2): TensorBoard keeps scalars as 32-bit floats.
        case scalar(Float)
        /// `histo` (field 5).
        case histogram(EventHistogram)
    }

    public init(tag: String, content: Content) { (self.tag, self.content) = (tag, content) }
}

/// A histogram as an event file holds it (`HistogramProto`): the moments, the right edge of each bucket and the
/// bucket counts, all doubles. TensorBoard takes the first bucket's left edge to be ``minimum``.
public struct EventHistogram: Equatable, Sendable {
    public var minimum: Double
    public var maximum: Double
    public var count: Double
    public var sum: Double
    public var sumOfSquares: Double
    public var bucketLimits: [Double]
    public var bucketCounts: [Double]

    public init(minimum: Double, maximum: Double, count: Double, sum: Double, sumOfSquares: Double,
                bucketLimits: [Double], bucketCounts: [Double]) {
        (self.minimum, self.maximum, self.count, self.sum, self.sumOfSquares) = (minimum, maximum, count, sum, sumOfSquares)
        (self.bucketLimits, self.bucketCounts) = (bucketLimits, bucketCounts)
    }

    /// The event-file form of a ``TernStore/Histogram``. Non-finite values are not in it: HistogramProto has no place
    /// for them.
    public init(_ histogram: Histogram) {
        self.init(minimum: histogram.minimum, maximum: histogram.maximum, count: Double(histogram.count),
                  sum: histogram.sum, sumOfSquares: histogram.sumOfSquares, bucketLimits: histogram.bucketLimits,
                  bucketCounts: histogram.bucketCounts.map(Double.init))
    }
}
