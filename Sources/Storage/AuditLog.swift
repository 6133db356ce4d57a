import Foundation

/// Who changed what, when, with the state before and after.
public protocol AuditLog: AnyObject, Sendable {
    /// Records one administrative action.
    func audit(_ entry: AuditEntry) async throws

    /// Entries of `tenant` after id `after`, oldest first.
    func auditLog(tenant: String, after: Int64, limit: Int) throws(StoreError) -> [AuditEntry]

    /// Entries of `tenant` before id `before` (all when nil), newest first.
    func recentAuditEntries(tenant: String, before: Int64?, limit: Int) throws(StoreError) -> [AuditEntry]

    /// Entries of every tenant with one of `actions`, oldest first.
    func auditEntries(actions: [String]) throws(StoreError) -> [AuditEntry]
}
