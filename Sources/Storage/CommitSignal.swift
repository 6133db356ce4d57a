import Foundation
import Synchronization

/// Wakes long-polling readers when new events are committed.
public final class CommitSignal: Sendable {
    private struct State {
        var generation: UInt64 = 0
        var waiters: [UInt64: CheckedContinuation<Void, Never>] = [:]
        var nextId: UInt64 = 0
        /// Ids whose wait ended before their continuation was registered.
        var abandoned: Set<UInt64> = []
    }

    private let state = Mutex(State())

    /// Creates a signal no commit has fired yet.
    public init() {}

    /// The number of commits signalled so far.
    public var generation: UInt64 { state.withLock { $0.generation } }

    /// Wakes every waiter.
    public func signal() {
        let waiters = state.withLock { state -> [CheckedContinuation<Void, Never>] in
            state.generation &+= 1
            let waiting = Array(state.waiters.values)
            state.waiters.removeAll()
            return waiting
        }
        waiters.forEach { $0.resume() }
    }

    /// Returns after a commit later than `generation`, or after `timeout`, whichever is first.
    public func wait(after generation: UInt64, timeout: Duration) async {
        let id = state.withLock { state -> UInt64 in
            state.nextId &+= 1
            return state.nextId
        }
        await withTaskGroup(of: Void.self) { group in
            group.addTask {
                await withCheckedContinuation { continuation in
                    let resumeNow = self.state.withLock { state -> Bool in
                        if state.generation != generation || state.abandoned.remove(id) != nil { return true }
                        state.waiters[id] = continuation
                        return false
                    }
                    if resumeNow { continuation.resume() }
                }
            }
            group.addTask {
                try? await Task.sleep(for: timeout)
                self.cancel(id)
            }
            await group.next()
            group.cancelAll()
            self.cancel(id)
        }
        state.withLock { _ = $0.abandoned.remove(id) }
    }

    private func cancel(_ id: UInt64) {
        let continuation = state.withLock { state -> CheckedContinuation<Void, Never>? in
            guard let waiting = state.waiters.removeValue(forKey: id) else {
                state.abandoned.insert(id)
                return nil
            }
            return waiting
        }
        continuation?.resume()
    }
}
