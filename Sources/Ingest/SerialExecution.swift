/// Runs async operations one after another, in the order they were submitted.
actor SerialExecution {
    private var tail: Task<Void, Never>?

    /// Runs `operation` after every operation submitted before it has finished.
    func run<Value: Sendable, Failure: Error>(
        _ operation: @escaping @Sendable () async throws(Failure) -> Value
    ) async throws(Failure) -> Value {
        let previous = tail
        let task = Task { () -> Result<Value, Failure> in
            await previous?.value
            do throws(Failure) {
                return .success(try await operation())
            } catch {
                return .failure(error)
            }
        }
        tail = Task { _ = await task.value }
        return try await task.value.get()
    }
}
