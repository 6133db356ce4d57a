import UseCases
import Access
import CSQLite
import Foundation
import Gateway
import Testing

/// Keys and secrets on disk: private files, and token-signing keys sealed with a key-encryption key that can rotate.
@Suite struct SecretsAtRestTests {
    static func mode(_ path: String) -> Int? {
        (try? FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? NSNumber)?.intValue
    }

    /// The stored private-key blobs of the signing keys.
    static func storedKeyBlobs(_ storePath: String) throws -> [[UInt8]] {
        var handle: OpaquePointer?
        guard sqlite3_open_v2(storePath, &handle, SQLITE_OPEN_READONLY, nil) == SQLITE_OK else { throw CancellationError() }
        defer { sqlite3_close(handle) }
        var statement: OpaquePointer?
        guard sqlite3_prepare_v2(handle, "SELECT private_key FROM signing_keys", -1, &statement, nil) == SQLITE_OK else { throw CancellationError() }
        defer { sqlite3_finalize(statement) }
        var blobs: [[UInt8]] = []
        while sqlite3_step(statement) == SQLITE_ROW {
            let count = Int(sqlite3_column_bytes(statement, 0))
            let bytes = sqlite3_column_blob(statement, 0).map { Array(UnsafeRawBufferPointer(start: $0, count: count)) } ?? []
            blobs.append(bytes)
        }
        return blobs
    }

    /// Stores `blob` as the private key of every signing key, as an install from before sealing would hold it.
    static func overwriteKeyBlobs(_ storePath: String, with blob: [UInt8]) throws {
        var handle: OpaquePointer?
        guard sqlite3_open(storePath, &handle) == SQLITE_OK else { throw CancellationError() }
        defer { sqlite3_close(handle) }
        var statement: OpaquePointer?
        guard sqlite3_prepare_v2(handle, "UPDATE signing_keys SET private_key = ?", -1, &statement, nil) == SQLITE_OK else { throw CancellationError() }
        defer { sqlite3_finalize(statement) }
        _ = blob.withUnsafeBytes { sqlite3_bind_blob(statement, 1, $0.baseAddress, Int32($0.count), nil) }
        #expect(sqlite3_step(statement) == SQLITE_DONE)
    }

    @Test func theDataDirectoryAndEveryFileInItArePrivate() async throws {
        try await LiveGateway.with { gateway in
            #expect(try await gateway.post("/v1/channels/canonical/orders", Orders.canonical("MODE-1")).status == 202)
            let directory = gateway.server.configuration.dataDirectory
            #expect(Self.mode(directory) == 0o700)
            let files = try FileManager.default.contentsOfDirectory(atPath: directory)
            for name in ["channelgate.sqlite", "channelgate.sqlite-wal", "channelgate.sqlite-shm", "pii.keys", "signing.keys", "demo-client.secret"] {
                #expect(files.contains(name), "\(name) is missing")
            }
            for name in files {
                #expect(Self.mode(directory + "/" + name) == 0o600, "\(name) must be 0600")
            }
        }
    }

    @Test func anInstallLooserThanPrivateIsWarnedAboutAtStart() async throws {
        let directory = NSTemporaryDirectory() + "channelgate-modes-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o755])
        // An older install: the store made world-readable by the umask of its day.
        _ = FileManager.default.createFile(atPath: directory + "/channelgate.sqlite", contents: nil, attributes: [.posixPermissions: 0o644])
        let lines = LogLines()
        try await LiveGateway.with(configure: { $0.dataDirectory = directory }, logHandler: { _ in CapturingLogHandler(lines: lines) }) { _ in }
        let warnings = lines.all.filter { $0.contains("readable by other users") }
        #expect(warnings.contains { $0.contains(directory + "/channelgate.sqlite") && $0.contains("644") })
        #expect(warnings.contains { $0.contains("chmod go-rwx " + directory) && $0.contains("755") })
    }

    @Test func signingKeysAreSealedAndAKeyEncryptionKeyRotatesByRestart() async throws {
        let directory = NSTemporaryDirectory() + "channelgate-kek-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let configure: @Sendable (inout GatewayConfiguration) -> Void = { $0.dataDirectory = directory }
        let storePath = directory + "/channelgate.sqlite"
        let keyFile = directory + "/signing.keys"

        // First start: the key is stored sealed under kek1; the raw key opens only with the key file.
        let (token, rawKey) = try await LiveGateway.with(configure: configure, keepData: true) { gateway in
            let blobs = try Self.storedKeyBlobs(storePath)
            #expect(blobs.count == 1)
            let blob = try #require(blobs.first)
            #expect(PersonalDataCipher.keyId(ofBlob: blob) == "kek1")
            let cipher = try PersonalDataCipher(keyText: try String(contentsOfFile: keyFile, encoding: .utf8))
            let raw = try cipher.open(blob)
            #expect(raw.count == 32)
            #expect(raw != blob)
            return (gateway.token, raw)
        }
        #expect(!(FileManager.default.contents(atPath: storePath).map { Array($0) } ?? []).containsSequence(rawKey))

        // An install from before sealing held the raw key: the next start seals it, and its tokens still verify.
        try Self.overwriteKeyBlobs(storePath, with: rawKey)
        try await LiveGateway.with(configure: configure, keepData: true) { (gateway: LiveGateway) async throws in
            #expect(try await gateway.get("/v1/orders", headers: ["Authorization": "Bearer " + token]).status == 200)
            #expect(try Self.storedKeyBlobs(storePath).map { PersonalDataCipher.keyId(ofBlob: $0) } == ["kek1"])
        }

        // Rotation: a new key-encryption key first in the file; the restart seals every signing key with it.
        let old = try String(contentsOfFile: keyFile, encoding: .utf8)
        try (PersonalDataCipher.newKeyLine(id: "kek2") + "\n" + old).write(toFile: keyFile, atomically: true, encoding: .utf8)
        try await LiveGateway.with(configure: configure, keepData: true) { (gateway: LiveGateway) async throws in
            #expect(try await gateway.get("/v1/orders", headers: ["Authorization": "Bearer " + token]).status == 200)
            #expect(try Self.storedKeyBlobs(storePath).map { PersonalDataCipher.keyId(ofBlob: $0) } == ["kek2"])
        }

        // Without the key-encryption key the gateway refuses to start rather than mint tokens with a key it cannot read.
        try "kek9 \(Data(repeating: 7, count: 32).base64EncodedString())\n".write(toFile: keyFile, atomically: true, encoding: .utf8)
        await #expect(throws: (any Error).self) {
            try await LiveGateway.with(configure: configure, keepData: true) { _ in }
        }
    }
}

extension Array where Element == UInt8 {
    /// True when `needle` occurs in these bytes.
    func containsSequence(_ needle: [UInt8]) -> Bool {
        guard !needle.isEmpty, needle.count <= count else { return false }
        return (0...(count - needle.count)).contains { start in self[start..<(start + needle.count)].elementsEqual(needle) }
    }
}
