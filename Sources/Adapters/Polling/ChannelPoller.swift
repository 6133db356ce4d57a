import Foundation
import Ingest
import Logging
import Storage
import Synchronization

/// Pulls one channel's orders page by page into the ingest pipeline, advancing a stored checkpoint only after a
/// page's events are durable, so a crash loses nothing and a re-poll stores nothing twice.
public final class ChannelPoller: Sendable {
    public let definition: PollerDefinition
    let ingest: IngestService
    /// Checkpoints and the lease on this channel's polling.
    let store: any PollerStorage
    let client: CurlHTTPClient
    let logger: Logger
    /// This process's name in the lease.
    let owner: String
    let pacer: RequestPacer
    let reader = JSONReaderAdapter()
    let statusBox: Mutex<PollerStatus>
    let credentials: ChannelCredentials
    private let circuitOpenUntil = Mutex<Double>(0)
    /// The lease this process holds on the channel, nil in standby.
    private let heldLease = Mutex<Lease?>(nil)
    /// Seconds of the first retry wait; each further one doubles, up to ``maxBackoffSeconds``.
    let backoffBaseSeconds: Double
    let maxBackoffSeconds: Double

    /// Creates a ChannelPoller from its parts.
    public init(
        definition: PollerDefinition, ingest: IngestService, store: any PollerStorage, client: CurlHTTPClient, logger: Logger, owner: String,
        backoffBaseSeconds: Double = 0.5, maxBackoffSeconds: Double = 30
    ) {
        self.definition = definition
        self.ingest = ingest
        self.store = store
        self.client = client
        self.logger = logger
        self.owner = owner
        pacer = RequestPacer(limit: definition.rateLimit)
        credentials = ChannelCredentials(authentication: definition.authentication, client: client)
        statusBox = Mutex(PollerStatus(channel: definition.channel, tenant: definition.tenant))
        self.backoffBaseSeconds = backoffBaseSeconds
        self.maxBackoffSeconds = maxBackoffSeconds
    }

    /// The poller's health and progress now.
    public var status: PollerStatus { statusBox.withLock { $0 } }

    /// Runs sync rounds every `intervalSeconds` until cancelled; an open circuit skips rounds until its cooldown ends.
    public func run() async {
        while !Task.isCancelled {
            let openUntil = circuitOpenUntil.withLock { $0 }
            if Date().timeIntervalSince1970 < openUntil {
                update { $0.state = "circuit_open" }
            } else {
                do {
                    _ = try await syncRound()
                } catch {
                    recordFailure(error)
                }
            }
            do {
                try await Task.sleep(for: .milliseconds(Int(definition.intervalSeconds * 1000)))
            } catch {
                break
            }
        }
        if let lease = heldLease.withLock({ $0 }) { try? await store.releaseLease(lease) }
    }

    /// One round: continues an interrupted round from its page, or starts a new one from the high-water mark.
    /// Returns the items ingested; nil when another process holds the lease.
    @discardableResult
    public func syncRound() async throws -> Int? {
        guard try await takeLease() else {
            update { $0.state = "standby" }
            return nil
        }
        update {
            $0.state = "syncing"
            $0.lastRoundStartedAt = Date()
        }
        var checkpoint = try store.pollerCheckpoint(tenant: definition.tenant, channel: definition.channel)
        if checkpoint.pageToken == nil {
            checkpoint.roundSince = roundStart(checkpoint)
            checkpoint.pageToken = firstToken
            try await save(checkpoint)
        }
        var requests = 0
        var ingested = 0
        while let token = checkpoint.pageToken {
            guard requests < definition.requestBudget else {
                throw PollerError("request budget of \(definition.requestBudget) per round used up; the round continues next time")
            }
            let page = try await fetch(token: token, since: checkpoint.roundSince, requests: &requests)
            ingested += try await ingestPage(page)
            if let newest = page.newestUpdate { checkpoint.highWater = max(checkpoint.highWater ?? newest, newest) }
            checkpoint.pageToken = page.nextToken
            if checkpoint.pageToken == nil {
                checkpoint.roundSince = nil
                checkpoint.rounds += 1
            }
            try await save(checkpoint)
            guard try await takeLease() else { throw PollerError("another process took over the lease") }
            let highWater = checkpoint.highWater
            update {
                $0.pages += 1
                $0.items += page.items.count
                $0.highWater = highWater
            }
        }
        circuitOpenUntil.withLock { $0 = 0 }
        update {
            $0.state = "idle"
            $0.rounds += 1
            $0.lastSuccessAt = Date()
            $0.consecutiveFailures = 0
        }
        return ingested
    }

    /// Where a new round starts: the high-water mark less the overlap, or a reconciliation window every Nth round.
    func roundStart(_ checkpoint: PollerCheckpoint) -> Int64? {
        guard let window = definition.window else { return nil }
        let now = Int64(Date().timeIntervalSince1970)
        if definition.reconcileEveryRounds > 0, checkpoint.rounds > 0, checkpoint.rounds % Int64(definition.reconcileEveryRounds) == 0 {
            return now - definition.reconcileWindowSeconds
        }
        guard let highWater = checkpoint.highWater else { return now - window.initialLookbackSeconds }
        return highWater - window.overlapSeconds
    }

    var firstToken: String {
        switch definition.paging {
        case .page(_, _, _, let first): String(first)
        case .offset: "0"
        case .cursor, .link: ""
        }
    }

    /// Ingests a page's items concurrently (sharing commits); throws when the store could not take them, so the
    /// checkpoint stays where it was. Items the channel's mapping rejects are counted and logged, not retried.
    func ingestPage(_ page: PolledPage) async throws -> Int {
        let results = await ingest.ingestRecords(
            tenant: definition.tenant, channel: definition.channel, contentType: definition.contentType, records: page.items
        )
        var stored = 0
        for result in results {
            switch result.status {
            case .accepted, .deadLettered, .skipped: stored += 1
            case .duplicate: break
            case .rejected:
                if case .store(let error)? = result.error { throw PollerError("the store cannot take the page: \(error)") }
                update {
                    $0.errors += 1
                    $0.lastError = "item \(result.line) of a page was rejected: \(result.error.map { "\($0)" } ?? "")"
                    $0.lastErrorAt = Date()
                }
            }
        }
        return stored
    }

    func save(_ checkpoint: PollerCheckpoint) async throws {
        guard let lease = heldLease.withLock({ $0 }) else { throw PollerError("another process took over the lease") }
        do {
            try await store.savePollerCheckpoint(tenant: definition.tenant, channel: definition.channel, checkpoint, under: lease)
        } catch let error as StoreError where error.kind == .leaseLost {
            heldLease.withLock { $0 = nil }
            throw PollerError("another process took over the lease")
        }
    }

    /// Takes or renews this process's lease on the channel; false while another process holds it.
    func takeLease() async throws -> Bool {
        let name = PollerCheckpoint.leaseName(tenant: definition.tenant, channel: definition.channel)
        let held = heldLease.withLock { $0 }
        var lease: Lease?
        if let held { lease = try await store.renewLease(held, seconds: definition.leaseSeconds) }
        if lease == nil { lease = try await store.acquireLease(name, owner: owner, seconds: definition.leaseSeconds) }
        heldLease.withLock { $0 = lease }
        return lease != nil
    }

    func recordFailure(_ error: any Error) {
        let failures = statusBox.withLock { status -> Int in
            status.errors += 1
            status.consecutiveFailures += 1
            status.lastError = "\(error)"
            status.lastErrorAt = Date()
            status.state = "backing_off"
            return status.consecutiveFailures
        }
        logger.warning("sync round failed", metadata: ["channel": "\(definition.channel)", "error": "\(error)", "in_a_row": "\(failures)"])
        if failures >= definition.breakerThreshold {
            circuitOpenUntil.withLock { $0 = Date().timeIntervalSince1970 + definition.breakerCooldownSeconds }
            update { $0.state = "circuit_open" }
        }
    }

    func update(_ change: (inout PollerStatus) -> Void) {
        statusBox.withLock { change(&$0) }
    }
}
