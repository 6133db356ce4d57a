import UseCases
import NIOCore

/// Splits a streamed request body into lines (without the line break), never holding more than one line.
struct NDJSONLines<Base: AsyncSequence & Sendable>: AsyncSequence where Base.Element == ByteBuffer {
    typealias Element = [UInt8]
    typealias LimitExceeded = NDJSONLinesLimitExceeded

    let base: Base
    let maxLineBytes: Int
    let maxTotalBytes: Int

    struct AsyncIterator: AsyncIteratorProtocol {
        var upstream: Base.AsyncIterator
        let maxLineBytes: Int
        let maxTotalBytes: Int
        var pending: [UInt8] = []
        var chunk: [UInt8] = []
        var offset = 0
        var total = 0
        var lines = 0
        var finished = false

        mutating func next() async throws -> [UInt8]? {
            while true {
                if let newline = chunk[offset...].firstIndex(of: 0x0A) {
                    pending += chunk[offset..<newline]
                    offset = newline + 1
                    return try emit()
                }
                pending += chunk[offset...]
                chunk.removeAll(keepingCapacity: true)
                offset = 0
                guard pending.count <= maxLineBytes else { throw LimitExceeded(line: lines + 1, lineTooLong: true) }
                if finished { return nil }
                guard let buffer = try await upstream.next() else {
                    finished = true
                    if pending.isEmpty { return nil }
                    return try emit()
                }
                total += buffer.readableBytes
                guard total <= maxTotalBytes else { throw LimitExceeded(line: lines + 1, lineTooLong: false) }
                chunk = Array(buffer.readableBytesView)
            }
        }

        private mutating func emit() throws -> [UInt8] {
            guard pending.count <= maxLineBytes else { throw LimitExceeded(line: lines + 1, lineTooLong: true) }
            lines += 1
            var line = pending
            pending.removeAll(keepingCapacity: true)
            if line.last == 0x0D { line.removeLast() }
            return line
        }
    }

    func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(upstream: base.makeAsyncIterator(), maxLineBytes: maxLineBytes, maxTotalBytes: maxTotalBytes)
    }
}

/// Why a streamed body could not be split into lines: a line or the whole body is over its limit.
struct NDJSONLinesLimitExceeded: Error {
    let line: Int
    let lineTooLong: Bool
}
