import CanonicalModel

extension IngestService {
    /// `body` with the personal data the policy names sealed, for storage.
    func sealed(_ body: EventBody) -> EventBody {
        guard let seal = sealPersonalData, case .order(let order) = body else { return body }
        return .order(PersonalDataPolicy.transformingPersonalText(of: order) { text, _ in seal(text) })
    }
}
