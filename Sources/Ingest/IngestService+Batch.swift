import CanonicalModel
import Foundation
import Storage

extension IngestService {
    /// Ingests the records of a batch upload (one message per line), `window` at a time so they share commits.
    ///
    /// Every record is its own message: its key (message id, else content hash) makes a resent or overlapping
    /// batch store nothing twice. Results come back in line order.
    public func ingestBatch<Lines: AsyncSequence>(
        tenant: String, channel: String, contentType: String?, lines: Lines, skippingFirst skipped: Int = 0, window: Int = 64,
        receivedAt: Date = Date()
    ) async throws -> [BatchRecordResult] where Lines.Element == [UInt8] {
        var results: [BatchRecordResult] = []
        var pending: [(Int, [UInt8])] = []
        var lineNumber = 0
        for try await line in lines {
            lineNumber += 1
            if lineNumber <= skipped || line.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) { continue }
            pending.append((lineNumber, line))
            if pending.count >= window {
                results += await ingestWindow(pending, tenant: tenant, channel: channel, contentType: contentType, at: receivedAt)
                pending.removeAll(keepingCapacity: true)
            }
        }
        if !pending.isEmpty {
            results += await ingestWindow(pending, tenant: tenant, channel: channel, contentType: contentType, at: receivedAt)
        }
        return results
    }

    /// Ingests `records` (one message each) concurrently so they share commits; results in record order, `line` being
    /// the 1-based index.
    public func ingestRecords(tenant: String, channel: String, contentType: String?, records: [[UInt8]], at time: Date = Date()) async -> [BatchRecordResult] {
        await ingestWindow(Array(zip(1..., records)), tenant: tenant, channel: channel, contentType: contentType, at: time)
    }

    private func ingestWindow(
        _ records: [(Int, [UInt8])], tenant: String, channel: String, contentType: String?, at time: Date
    ) async -> [BatchRecordResult] {
        await withTaskGroup(of: BatchRecordResult.self) { group in
            for (line, body) in records {
                group.addTask {
                    let request = IngestRequest(tenant: tenant, channel: channel, contentType: contentType, body: body, receivedAt: time)
                    do throws(IngestError) {
                        let outcome = try await self.ingest(request)
                        let orders = Array(Set(outcome.events.map(\.orderId))).sorted()
                        if outcome.replayed {
                            return BatchRecordResult(line: line, status: .duplicate, orderIds: orders, deadLetterId: nil, error: nil)
                        }
                        if let deadLetter = outcome.deadLetterId {
                            return BatchRecordResult(line: line, status: .deadLettered, orderIds: [], deadLetterId: deadLetter, error: nil)
                        }
                        if outcome.skipped != nil {
                            return BatchRecordResult(line: line, status: .skipped, orderIds: [], deadLetterId: nil, error: nil)
                        }
                        return BatchRecordResult(line: line, status: .accepted, orderIds: orders, deadLetterId: nil, error: nil)
                    } catch {
                        return BatchRecordResult(line: line, status: .rejected, orderIds: [], deadLetterId: nil, error: error)
                    }
                }
            }
            var window: [BatchRecordResult] = []
            for await result in group { window.append(result) }
            return window.sorted { $0.line < $1.line }
        }
    }
}
