import TernViz

/// The learning-rate range test's picture: loss against learning rate on a logarithmic axis, raw and smoothed, with
/// the suggested rate marked. Points above 4× the smoothed minimum (the blow-up that ends the test) are left out, so
/// the axis shows the part of the curve the suggestion is read from.
public enum RangeTestChart {
    public static func make(title: String, rates: [Double], losses: [Double], smoothed: [Double],
                            suggestion: (name: String, index: Int)?) throws -> LineChart {
        let cap = 4 * (smoothed.filter(\.isFinite).min() ?? .infinity)
        func finite(_ values: [Double]) -> [(x: Double, y: Double)] {
            zip(rates, values).filter { $0.1.isFinite && $0.1 <= cap }.map { (x: $0.0, y: $0.1) }
        }
        var series = [LineChart.Series(name: "loss", points: finite(losses)),
                      LineChart.Series(name: "smoothed (β 0.98, debiased)", points: finite(smoothed))]
        if let suggestion, smoothed[suggestion.index].isFinite {
            series.append(LineChart.Series(name: suggestion.name, points: [(rates[suggestion.index], smoothed[suggestion.index])]))
        }
        return try LineChart(title: title, xAxisTitle: "learning rate (log scale)", yAxisTitle: "training loss",
                             series: series.filter { !$0.xs.isEmpty }, logarithmicX: true)
    }
}
