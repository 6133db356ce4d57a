/// How the customer gets the order.
public enum FulfilmentMode: Sendable, Equatable, Hashable {
    /// Parcel delivery.
    case ship
    /// Pickup in the given store.
    case pickup(storeId: String)
    /// 2-hour delivery from a nearby store.
    case shipFromStore

    /// The mode without its store id.
    public var kind: FulfilmentModeKind {
        switch self {
        case .ship: .ship
        case .pickup: .pickup
        case .shipFromStore: .shipFromStore
        }
    }
}
