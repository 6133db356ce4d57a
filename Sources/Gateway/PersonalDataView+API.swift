import Access
import UseCases

extension PersonalDataView {
    /// `apply` for an HTTP answer: an unreadable one is a 500, never the unmasked text.
    func answer(_ text: String, for principal: Principal?) throws(APIError) -> String {
        do throws(Unreadable) {
            return try apply(text, for: principal)
        } catch {
            throw APIError(.internalServerError, code: "internal_error", message: error.description)
        }
    }
}
