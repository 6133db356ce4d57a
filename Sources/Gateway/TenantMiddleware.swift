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
            guard Self.isValid(offered) else {
                throw APIError(.badRequest, code: "invalid_tenant", message: "tenant ids are 1-64 letters, digits, - or _", field: "X-Tenant-Id")
            }
            context.tenant = offered
        }
        return try await next(request, context)
    }

    static func isValid(_ tenant: String) -> Bool {
        !tenant.isEmpty && tenant.utf8.count <= 64 && tenant.utf8.allSatisfy { byte in
            (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A) || byte == 0x2D || byte == 0x5F
        }
    }
}
