import Foundation
@testable import Forecasting

/// Deterministic 64-bit generator (SplitMix64) so generated series are the same on every run.
struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var mixed = state
        mixed = (mixed ^ (mixed >> 30)) &* 0xBF58_476D_1CE4_E5B9
        mixed = (mixed ^ (mixed >> 27)) &* 0x94D0_49BB_1331_11EB
        return mixed ^ (mixed >> 31)
    }

    /// Standard normal draw (Box-Muller).
    mutating func normal() -> Double {
        let first = Double.random(in: Double.ulpOfOne..<1, using: &self)
        let second = Double.random(in: 0..<1, using: &self)
        return (-2 * log(first)).squareRoot() * cos(2 * .pi * second)
    }
}

/// Hourly order-volume-like series with known daily and weekly seasonality.
enum SyntheticDemand {
    /// Monday 2025-01-06T00:00:00Z.
    static let start: Int64 = 1_736_121_600

    /// Noise-free expected demand at an hour: daily double peak, weekday/weekend profile, level 100.
    static func expected(hour unixSeconds: Int64) -> Double {
        let hourOfDay = Double((unixSeconds / 3600) % 24)
        let dayOfWeek = (unixSeconds / 86_400 + 3) % 7  // 0 = Monday
        let daily = 1 + 0.6 * sin(2 * .pi * (hourOfDay - 9) / 24) + 0.25 * cos(4 * .pi * (hourOfDay - 13) / 24)
        let weekly: Double = dayOfWeek >= 5 ? 1.5 : (dayOfWeek == 4 ? 1.2 : 1.0)
        return max(100 * daily * weekly, 0)
    }

    /// `weeks` weeks of expected demand plus Gaussian noise of `noise` times √expected.
    static func series(weeks: Int, noise: Double = 1.0, seed: UInt64 = 42) -> HourlySeries {
        var generator = SplitMix64(seed: seed)
        let values = (0..<(weeks * 168)).map { index -> Double in
            let mean = expected(hour: start + Int64(index) * 3600)
            return max((mean + noise * mean.squareRoot() * generator.normal()).rounded(), 0)
        }
        return HourlySeries(startHour: start, values: values)
    }

    /// Expected demand for the `horizon` hours after `series`.
    static func truth(after series: HourlySeries, horizon: Int) -> [Double] {
        (0..<horizon).map { expected(hour: series.endHour + Int64($0) * 3600) }
    }

    /// Mean absolute difference of two equally long arrays.
    static func meanAbsoluteDifference(_ first: [Double], _ second: [Double]) -> Double {
        zip(first, second).reduce(0) { $0 + abs($1.0 - $1.1) } / Double(max(first.count, 1))
    }
}
