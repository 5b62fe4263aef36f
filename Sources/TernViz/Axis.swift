import Foundation

/// Round tick values for a numeric axis: steps of 1, 2 or 5 times a power of ten ("nice numbers", after Paul
/// Heckbert, Graphics Gems, 1990), because a reader interpolates between 0.2 and 0.4 far more easily than between
/// 0.17 and 0.34.
struct AxisScale: Equatable {
    /// The low end of the axis.
    var lower: Double
    /// The high end of the axis.
    var upper: Double
    /// The distance between ticks.
    var step: Double

    /// A scale covering `lower…upper` with about `targetTicks` ticks.
    ///
    /// With `expandingToTicks`, the ends move outwards to the nearest ticks so every point lies inside a labelled
    /// range (line charts); without it, the ends stay put and only the ticks inside are shown (colour bars, whose
    /// range is fixed by the data's meaning).
    init(lower: Double, upper: Double, targetTicks: Int = 6, expandingToTicks: Bool) {
        var low = lower, high = upper
        if !(high > low) {
            // A flat series still needs a visible axis: open a window around the single value.
            let pad = low == 0 ? 1 : abs(low) * 0.1
            low -= pad
            high += pad
        }
        let step = AxisScale.niceNumber((high - low) / Double(max(targetTicks - 1, 1)), rounding: true)
        self.step = step
        if expandingToTicks {
            self.lower = (low / step).rounded(.down) * step
            self.upper = (high / step).rounded(.up) * step
        } else {
            self.lower = low
            self.upper = high
        }
    }

    /// The tick values from the first multiple of `step` at or above `lower` to `upper`.
    var ticks: [Double] {
        let tolerance = step * 1e-9
        var values: [Double] = []
        var index = (lower / step - 1e-9).rounded(.up)
        while index * step <= upper + tolerance {
            let value = index * step
            values.append(abs(value) < tolerance ? 0 : value)
            index += 1
        }
        return values
    }

    /// `value` written with as many decimals as the step needs, so ticks read 0.0, 0.2, 0.4 rather than
    /// 0.20000000000000001.
    func label(_ value: Double) -> String {
        let decimals = max(0, Int(-log10(step).rounded(.down)))
        let text = String(format: "%.\(decimals)f", value)
        // "-0.0" is a rounding artefact, not a value.
        return Double(text) == 0 ? String(format: "%.\(decimals)f", 0.0) : text
    }

    /// The nice number closest to `value` (`rounding`) or the smallest nice number at least `value`.
    static func niceNumber(_ value: Double, rounding: Bool) -> Double {
        guard value > 0, value.isFinite else { return 1 }
        let exponent = log10(value).rounded(.down)
        let power = pow(10, exponent)
        let fraction = value / power
        let nice: Double
        if rounding {
            nice = fraction < 1.5 ? 1 : fraction < 3 ? 2 : fraction < 7 ? 5 : 10
        } else {
            nice = fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 5 ? 5 : 10
        }
        return nice * power
    }
}
