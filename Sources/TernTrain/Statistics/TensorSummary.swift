/// Count, mean, standard deviation, extremes, L2 norm and share of zeros of a stream of values, accumulated in Double
/// so that a layer's figures can be gathered over many calls (an RNN cell reports once per time step). Non-finite
/// values make the figures non-finite, as they should: a diverged layer must not look healthy.
struct TensorSummary {
    private(set) var count = 0
    private(set) var sum = 0.0
    private(set) var sumOfSquares = 0.0
    private(set) var zeros = 0
    private(set) var minimum = Float.infinity
    private(set) var maximum = -Float.infinity

    init() {}

    init(_ values: UnsafeBufferPointer<Float>) { add(values) }

    mutating func add(_ values: UnsafeBufferPointer<Float>) {
        var sum = 0.0, squares = 0.0, zeros = 0
        var low = minimum, high = maximum, sawNaN = false
        for value in values {
            if value.isNaN { sawNaN = true }
            let v = Double(value)
            sum += v
            squares += v * v
            if value == 0 { zeros += 1 }
            low = Swift.min(low, value)
            high = Swift.max(high, value)
        }
        if sawNaN { (low, high) = (.nan, .nan) }  // Swift's min/max skip NaN; the extremes must not hide one
        count += values.count
        self.sum += sum
        sumOfSquares += squares
        self.zeros += zeros
        (minimum, maximum) = (low, high)
    }

    var mean: Double { count > 0 ? sum / Double(count) : 0 }

    /// The population standard deviation (of all values seen, not an estimate of a larger population's).
    var standardDeviation: Double {
        guard count > 0 else { return 0 }
        let variance = sumOfSquares / Double(count) - mean * mean
        return variance > 0 ? variance.squareRoot() : (variance.isNaN ? .nan : 0)
    }

    var l2Norm: Double { sumOfSquares.squareRoot() }

    var zeroFraction: Double { count > 0 ? Double(zeros) / Double(count) : 0 }
}
