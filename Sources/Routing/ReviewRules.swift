/// When a routing decision is held for a person to approve; nil thresholds are off.
public struct ReviewRules: Sendable, Codable, Equatable {
    /// Hold orders whose total (minor units) is above this.
    public var orderTotalAbove: Int64?
    /// Hold decisions with more shipments than this.
    public var shipmentsAbove: Int?
    /// Hold decisions whose best and second-best scores differ by less than this.
    public var scoreMarginBelow: Double?

    /// Creates review rules.
    public init(orderTotalAbove: Int64? = nil, shipmentsAbove: Int? = nil, scoreMarginBelow: Double? = nil) {
        self.orderTotalAbove = orderTotalAbove
        self.shipmentsAbove = shipmentsAbove
        self.scoreMarginBelow = scoreMarginBelow
    }

    /// The rules with every threshold the patch sets replaced.
    func merged(with patch: ReviewRules) -> ReviewRules {
        ReviewRules(
            orderTotalAbove: patch.orderTotalAbove ?? orderTotalAbove,
            shipmentsAbove: patch.shipmentsAbove ?? shipmentsAbove,
            scoreMarginBelow: patch.scoreMarginBelow ?? scoreMarginBelow
        )
    }
}
