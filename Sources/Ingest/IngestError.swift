import CanonicalModel
import Storage

/// Why a message was not accepted; nothing was stored.
public enum IngestError: Error, Sendable {
    /// No channel of that name is configured.
    case unknownChannel(String)
    /// The content type is not one the channel reads.
    case unsupportedMediaType(String?)
    /// The payload is malformed or not a valid order (and the channel rejects invalid messages).
    case payload(PayloadError)
    /// The store cannot take the write now, or the thing asked for is missing.
    case store(StoreError)
}
