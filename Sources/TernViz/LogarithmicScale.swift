import Foundation

/// A base-10 logarithmic axis, for figures that span decades — a loss or perplexity falling from 9 to 2, a learning
/// rate, a gradient norm, an update ratio. Its ends are whole decades around the data; ticks sit at every decade,
/// and at 2× and 5× too when the axis spans two decades or fewer, so a short range still has labels to read by.
struct LogarithmicScale: Equatable {
    /// The low end: a power of ten.
    var lower: Double
    /// The high end: a power of ten above `lower`.
    var upper: Double

    /// - Precondition: `0 < lower ≤ upper`.
    init(lower: Double, upper: Double) {
        precondition(lower > 0 && upper >= lower, "a logarithmic axis needs positive values")
        let low = Foundation.log10(lower).rounded(.down)
        var high = Foundation.log10(upper).rounded(.up)
        if high <= low { high = low + 1 }
        self.lower = Foundation.pow(10, low)
        self.upper = Foundation.pow(10, high)
    }

    var decades: Int { Int((Foundation.log10(upper) - Foundation.log10(lower)).rounded()) }

    var ticks: [Double] {
        let multiples: [Double] = decades <= 2 ? [1, 2, 5] : [1]
        var values: [Double] = []
        var decade = lower
        while decade <= upper * (1 + 1e-9) {
            for multiple in multiples where decade * multiple <= upper * (1 + 1e-9) { values.append(decade * multiple) }
            decade *= 10
        }
        return values
    }

    /// Where `value` lies between the ends, 0 at `lower` and 1 at `upper`.
    func fraction(_ value: Double) -> Double {
        (Foundation.log10(value) - Foundation.log10(lower)) / (Foundation.log10(upper) - Foundation.log10(lower))
    }

    /// Plain decimals from 0.001 to 10,000, powers of ten written as 1e-5 beyond.
    func label(_ value: Double) -> String {
        let exponent = Int(Foundation.log10(value).rounded(.down))
        if (-3...4).contains(exponent) {
            let decimals = max(0, -exponent)
            return String(format: "%.\(decimals)f", value)
        }
        let mantissa = value / Foundation.pow(10, Double(exponent))
        return String(format: "%.0fe%d", mantissa, exponent)
    }
}
