import UseCases
import Hummingbird

/// Decides the tenant a request acts for: its token's, else the configured one; `X-Tenant-Id` when the install trusts that header.
struct TenantMiddleware: RouterMiddleware {
    typealias Context = GatewayRequestContext
    let defaultTenant: String
    let trustHeader: Bool

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var context = context
        context.tenant = context.principal?.tenant ?? defaultTenant
        if trustHeader, let offered = request.headers[.tenantId] {
            guard TenantId.isValid(offered) else {
                throw APIError(.badRequest, code: "invalid_tenant", message: "tenant ids are 1-64 letters, digits, - or _", field: "X-Tenant-Id")
            }
            context.tenant = offered
        }
        return try await next(request, context)
    }
}
