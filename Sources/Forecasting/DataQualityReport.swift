/// What preparation found and changed in a series before fitting.
public struct DataQualityReport: Sendable, Equatable {
    /// Hours (Unix seconds) that were missing and imputed from their seasonal neighbours.
    public var imputedHours: [Int64]
    /// Hours (Unix seconds) flagged as outliers and replaced by their seasonal baseline.
    public var outlierHours: [Int64]
    /// Hours of the week found closed (forecast as exactly zero).
    public var closedHours: ClosedHours
    /// Declared promotion periods overlapping the history, with their lift over the baseline.
    public var promotions: [PromotionReport]
    /// Older hours left out because the history was longer than the configured maximum.
    public var droppedHours: Int
}
