import Storage
import Foundation

/// Checks a store file (a live store or a backup): SQLite's integrity and foreign-key checks, then a recount of every
/// order against its events (count and last sequence, the event its state came from, no events without an order).
public enum StoreVerification {
    /// What the checks found; ``isClean`` when nothing.
    public struct Report: Sendable, CustomStringConvertible {
        /// `PRAGMA integrity_check` lines other than `ok`.
        public var integrityProblems: [String] = []
        public var foreignKeyViolations: Int64 = 0
        public var orders: Int64 = 0
        public var events: Int64 = 0
        /// Orders whose events do not number 1…sequence, with up to five ids.
        public var ordersOutOfStep: Int64 = 0
        public var ordersOutOfStepExamples: [String] = []
        /// Orders whose state does not come from their last event.
        public var ordersWithStaleState: Int64 = 0
        /// Events whose order has no row.
        public var eventsWithoutOrder: Int64 = 0

        public var isClean: Bool {
            integrityProblems.isEmpty && foreignKeyViolations == 0 && ordersOutOfStep == 0 && ordersWithStaleState == 0 && eventsWithoutOrder == 0
        }

        public var description: String {
            let integrity = integrityProblems.isEmpty ? "ok" : integrityProblems.prefix(10).joined(separator: "; ")
            let keys = foreignKeyViolations == 0 ? "ok" : "\(foreignKeyViolations) violations"
            let examples = ordersOutOfStepExamples.isEmpty ? "" : " (e.g. " + ordersOutOfStepExamples.joined(separator: ", ") + ")"
            var lines: [String] = []
            lines.append("integrity: " + integrity)
            lines.append("foreign keys: " + keys)
            lines.append("orders: \(orders), events: \(events)")
            lines.append("orders whose events do not count up to their sequence: \(ordersOutOfStep)" + examples)
            lines.append("orders whose state is not their last event's: \(ordersWithStaleState)")
            lines.append("events without an order: \(eventsWithoutOrder)")
            lines.append(isClean ? "verdict: clean" : "verdict: DAMAGED")
            return lines.joined(separator: "\n")
        }
    }

    /// Verifies the store file at `path` without writing to it.
    public static func run(path: String) throws(StoreError) -> Report {
        guard FileManager.default.fileExists(atPath: path) else { throw StoreError(.notFound, "no store file at \(path)") }
        do {
            let connection = try SQLiteConnection(path: path, busyTimeoutMilliseconds: 5000)
            try connection.execute("PRAGMA query_only = ON")
            try connection.execute("BEGIN")
            defer { try? connection.execute("COMMIT") }
            var report = Report()
            report.integrityProblems = try connection.query("PRAGMA integrity_check", []) { $0.text(0) }.filter { $0 != "ok" }
            report.foreignKeyViolations = Int64(try connection.query("PRAGMA foreign_key_check", []) { _ in 1 }.count)
            report.orders = try count(connection, "SELECT COUNT(*) FROM orders")
            report.events = try count(connection, "SELECT COUNT(*) FROM events")
            let outOfStep = """
                FROM orders o LEFT JOIN (SELECT order_id, COUNT(*) AS n, MAX(sequence) AS last FROM events GROUP BY order_id) e
                    ON e.order_id = o.order_id
                WHERE e.n IS NULL OR e.n != o.sequence OR e.last != o.sequence
                """
            report.ordersOutOfStep = try count(connection, "SELECT COUNT(*) " + outOfStep)
            report.ordersOutOfStepExamples = try connection.query("SELECT o.order_id " + outOfStep + " ORDER BY o.order_id LIMIT 5", []) { $0.text(0) }
            report.ordersWithStaleState = try count(connection, """
                SELECT COUNT(*) FROM orders o LEFT JOIN events e ON e.position = o.state_position
                WHERE e.position IS NULL OR e.order_id != o.order_id OR e.sequence != o.sequence
                """)
            report.eventsWithoutOrder = try count(connection, """
                SELECT COUNT(*) FROM (SELECT DISTINCT order_id FROM events) e LEFT JOIN orders o ON o.order_id = e.order_id
                WHERE o.order_id IS NULL
                """)
            return report
        } catch {
            throw StoreError(.unavailable, "cannot verify \(path): \(error)")
        }
    }

    private static func count(_ connection: SQLiteConnection, _ sql: String) throws(SQLiteError) -> Int64 {
        try connection.query(sql, []) { $0.int64(0) }.first ?? 0
    }
}
