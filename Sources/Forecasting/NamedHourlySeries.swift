/// An hourly series with the name it carries in multi-series input (empty for single-series input).
public struct NamedHourlySeries: Sendable, Equatable {
    /// Series name from the `series` column, or "" for two-column input.
    public let name: String
    /// The hourly values, gaps as `nan`.
    public var series: HourlySeries

    /// Creates a named series.
    public init(name: String, series: HourlySeries) {
        self.name = name
        self.series = series
    }
}
