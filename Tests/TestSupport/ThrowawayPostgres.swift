import Foundation
import Synchronization

/// A PostgreSQL server of this test process's own: `initdb` into a temporary directory, started with `pg_ctl` on a
/// unix socket only (no TCP), stopped and removed when the process exits. Tests create a database each.
public final class ThrowawayPostgres: Sendable {
    /// Why the server could not be started.
    public struct Unavailable: Error, CustomStringConvertible {
        public let description: String
    }

    /// The directory holding the server's socket (`.s.PGSQL.5432`).
    public let socketDirectory: String
    /// The role tests connect as.
    public let user: String
    private let dataDirectory: String
    private let binaries: String
    private let runAs: [String]

    private static let shared = Mutex<Result<ThrowawayPostgres, Unavailable>?>(nil)

    /// The server of this process, started on first use.
    public static func start() throws(Unavailable) -> ThrowawayPostgres {
        let result = shared.withLock { current -> Result<ThrowawayPostgres, Unavailable> in
            if let current { return current }
            let made: Result<ThrowawayPostgres, Unavailable>
            do throws(Unavailable) {
                made = .success(try ThrowawayPostgres())
            } catch {
                made = .failure(error)
            }
            current = made
            if case .success = made { atexit { ThrowawayPostgres.stopShared() } }
            return made
        }
        return try result.get()
    }

    /// A server of its own, for a test that restarts or stops it (others share ``start()``'s); stop it when done.
    public static func startPrivate() throws(Unavailable) -> ThrowawayPostgres {
        try ThrowawayPostgres()
    }

    private static func stopShared() {
        if case .success(let server)? = shared.withLock({ $0 }) { server.stop() }
    }

    private init() throws(Unavailable) {
        guard let binaries = Self.binaryDirectory() else {
            throw Unavailable(description: "PostgreSQL is not installed (no initdb under /usr/lib/postgresql); apt-get install postgresql")
        }
        self.binaries = binaries
        let root = NSTemporaryDirectory() + "channelgate-pg-" + UUID().uuidString.prefix(8)
        dataDirectory = root + "/data"
        socketDirectory = root
        // initdb refuses to run as root: then the server runs as the postgres account.
        let isRoot = getuid() == 0
        runAs = isRoot ? ["/usr/sbin/runuser", "-u", "postgres", "--"] : []
        user = isRoot ? "postgres" : (ProcessInfo.processInfo.environment["USER"] ?? "postgres")
        do {
            try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
            if isRoot { try Self.run(["/bin/chown", "postgres:postgres", root]) }
            try Self.run(runAs + [binaries + "/initdb", "-D", dataDirectory, "-U", user, "--auth=trust", "-E", "UTF8", "--no-sync"])
            let options = Self.serverOptions(socketDirectory: root)
            try Self.run(runAs + [binaries + "/pg_ctl", "-D", dataDirectory, "-o", options, "-l", root + "/server.log", "-w", "start"])
        } catch {
            throw Unavailable(description: "cannot start a throwaway PostgreSQL: \(error)")
        }
    }

    /// Stops the server at once and removes its files.
    public func stop() {
        try? Self.run(runAs + [binaries + "/pg_ctl", "-D", dataDirectory, "-m", "immediate", "-w", "stop"])
        try? FileManager.default.removeItem(atPath: socketDirectory)
    }

    /// Restarts the server the hard way (`-m immediate`): every connection is cut and recovery runs at start.
    public func restartImmediately() throws {
        try Self.run(runAs + [binaries + "/pg_ctl", "-D", dataDirectory, "-m", "immediate", "-w", "stop"])
        let options = Self.serverOptions(socketDirectory: socketDirectory)
        try Self.run(runAs + [binaries + "/pg_ctl", "-D", dataDirectory, "-o", options, "-l", socketDirectory + "/server.log", "-w", "start"])
    }

    /// Creates a fresh database and returns its store URL (`postgresql:///NAME?host=SOCKET&user=USER`).
    public func createDatabase() throws -> String {
        let name = "t_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased().prefix(16)
        try Self.run(runAs + [binaries + "/createdb", "-h", socketDirectory, "-U", user, String(name)])
        return "postgresql:///\(name)?host=\(socketDirectory)&user=\(user)"
    }

    /// Unix socket only. Without fsync: a killed or `-m immediate` stopped server still loses nothing (its writes are
    /// in the kernel's cache), only a power cut would, and the suite does not saturate the disk other tests fsync on.
    private static func serverOptions(socketDirectory: String) -> String {
        "-k \(socketDirectory) -c listen_addresses='' -c fsync=off -c full_page_writes=off -c max_connections=200"
    }

    private static func binaryDirectory() -> String? {
        let root = "/usr/lib/postgresql"
        let versions = (try? FileManager.default.contentsOfDirectory(atPath: root)) ?? []
        for version in versions.sorted(by: { (Int($0) ?? 0) > (Int($1) ?? 0) }) {
            let directory = root + "/" + version + "/bin"
            if FileManager.default.isExecutableFile(atPath: directory + "/initdb") { return directory }
        }
        return nil
    }

    private static func run(_ command: [String]) throws {
        let status = try ChildProcess(executable: command[0], arguments: Array(command.dropFirst())).waitUntilExit()
        guard status == 0 else { throw Unavailable(description: "\(command.joined(separator: " ")) exited with \(status)") }
    }
}

/// Runs blocking `work` (starting servers, creating databases, opening stores) on a thread of its own, so the
/// cooperative threads other tests' tasks run on are never held for seconds.
public func offCooperativeThreads<Value: Sendable>(_ work: @escaping @Sendable () throws -> Value) async throws -> Value {
    try await withCheckedThrowingContinuation { continuation in
        Thread.detachNewThread { continuation.resume(with: Result { try work() }) }
    }
}
