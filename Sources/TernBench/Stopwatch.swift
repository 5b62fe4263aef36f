import Dispatch

/// Timing helpers for the benchmarks: medians of repeated runs, so one noisy sample on a shared machine does not
/// decide a figure.
public enum Stopwatch {
    public static func seconds(_ body: () -> Void) -> Double {
        let start = DispatchTime.now().uptimeNanoseconds
        body()
        return Double(DispatchTime.now().uptimeNanoseconds - start) * 1e-9
    }

    public static func seconds(throwing body: () throws -> Void) throws -> Double {
        let start = DispatchTime.now().uptimeNanoseconds
        try body()
        return Double(DispatchTime.now().uptimeNanoseconds - start) * 1e-9
    }

    /// Median time of `body` over at least `minimumRuns` runs and about `budget` seconds, after one warm-up run.
    public static func median(minimumRuns: Int = 5, budget: Double = 1.0, _ body: () -> Void) -> Double {
        body()
        var samples: [Double] = []
        var spent = 0.0
        while samples.count < minimumRuns || (spent < budget && samples.count < 1000) {
            let t = seconds(body)
            samples.append(t)
            spent += t
        }
        samples.sort()
        return samples[samples.count / 2]
    }
}
