import UseCases
import Ingest

/// Collects the records of an XML batch into windows of 64 and ingests each window as it fills, numbering results
/// by their place in the whole document.
struct XMLBatchIngestion {
    let ingest: IngestService
    let tenant: String
    let channel: String
    /// Records at the start of the document that were already processed (`?from=`).
    let skipped: Int
    private(set) var results: [BatchRecordResult] = []
    private var window: [[UInt8]] = []
    private var nextNumber: Int

    init(ingest: IngestService, tenant: String, channel: String, skipped: Int) {
        self.ingest = ingest
        self.tenant = tenant
        self.channel = channel
        self.skipped = skipped
        nextNumber = skipped + 1
    }

    /// Takes the records just completed; `total` counts every record of the document so far, these included.
    mutating func add(_ records: [[UInt8]], total: Int) async {
        let firstNumber = total - records.count + 1
        for (offset, record) in records.enumerated() where firstNumber + offset > skipped {
            window.append(record)
            if window.count >= 64 { await flush() }
        }
    }

    /// Ingests the records waiting in the window.
    mutating func flush() async {
        guard !window.isEmpty else { return }
        let done = await ingest.ingestRecords(tenant: tenant, channel: channel, contentType: "application/xml", records: window)
        results += done.map { result in
            var numbered = result
            numbered.line += nextNumber - 1
            return numbered
        }
        nextNumber += window.count
        window.removeAll(keepingCapacity: true)
    }
}
