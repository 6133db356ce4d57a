import UseCases
import CZlib
import NIOCore

/// A streamed body decompressed on the fly (`Content-Encoding: gzip`), one bounded chunk at a time.
struct GzipInflatedBody<Base: AsyncSequence & Sendable>: AsyncSequence, Sendable where Base.Element == ByteBuffer {
    typealias Element = ByteBuffer

    /// The compressed data is corrupt or truncated.
    struct CorruptData: Error {
        let message: String
    }

    let base: Base

    struct AsyncIterator: AsyncIteratorProtocol {
        var upstream: Base.AsyncIterator
        let inflater = Inflater()
        var finished = false

        mutating func next() async throws -> ByteBuffer? {
            while !finished {
                guard let compressed = try await upstream.next() else {
                    finished = true
                    guard inflater.ended else { throw CorruptData(message: "the gzip stream ends early") }
                    return nil
                }
                let output = try inflater.inflate(Array(compressed.readableBytesView))
                if !output.isEmpty { return ByteBuffer(bytes: output) }
            }
            return nil
        }
    }

    func makeAsyncIterator() -> AsyncIterator { AsyncIterator(upstream: base.makeAsyncIterator()) }

    /// One zlib inflate stream; used by one iterator on one task.
    final class Inflater {
        private var stream = z_stream()
        private var started = false
        private(set) var ended = false

        func inflate(_ input: [UInt8]) throws -> [UInt8] {
            if !started {
                guard czlib_inflate_init_auto(&stream) == Z_OK else { throw CorruptData(message: "zlib cannot start") }
                started = true
            }
            guard !ended else { return [] }
            var output: [UInt8] = []
            var window = [UInt8](repeating: 0, count: 64 << 10)
            var source = input
            try source.withUnsafeMutableBufferPointer { inputBuffer in
                stream.next_in = inputBuffer.baseAddress
                stream.avail_in = uInt(inputBuffer.count)
                repeat {
                    let status = window.withUnsafeMutableBufferPointer { outputBuffer -> Int32 in
                        stream.next_out = outputBuffer.baseAddress
                        stream.avail_out = uInt(outputBuffer.count)
                        return CZlib.inflate(&stream, Z_NO_FLUSH)
                    }
                    let produced = window.count - Int(stream.avail_out)
                    output.append(contentsOf: window[0..<produced])
                    switch status {
                    case Z_STREAM_END:
                        ended = true
                        return
                    case Z_OK, Z_BUF_ERROR:
                        continue
                    default:
                        throw CorruptData(message: "the gzip data is corrupt (zlib \(status))")
                    }
                } while stream.avail_in > 0 || stream.avail_out == 0
            }
            return output
        }

        deinit {
            if started { inflateEnd(&stream) }
        }
    }
}
