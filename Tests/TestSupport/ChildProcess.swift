import CSpawn
import Foundation
import Synchronization

/// A child process for tests, started with posix_spawn: Foundation's `Process.run` reads past the end of a buffer
/// while it lists `/proc/self/fd` and now and then crashes the test process (AddressSanitizer shows it).
public final class ChildProcess: Sendable {
    /// Why a child could not be started.
    public struct StartError: Error, CustomStringConvertible {
        public let description: String
    }

    public let processIdentifier: pid_t
    private let exitStatus = Mutex<Int32?>(nil)

    /// Starts `executable` with `arguments` in `workingDirectory`, standard output appended to the file at
    /// `outputPath`, standard error discarded, no other descriptor of this process inherited.
    public init(executable: String, arguments: [String], workingDirectory: String? = nil, outputPath: String? = nil) throws(StartError) {
        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }
        var pid: pid_t = 0
        let result = argv.withUnsafeBufferPointer { arguments in
            cspawn_start(executable, arguments.baseAddress, environ, workingDirectory, outputPath, &pid)
        }
        guard result == 0 else { throw StartError(description: "cannot start \(executable): \(String(cString: strerror(result)))") }
        processIdentifier = pid
    }

    /// Sends `signal` to the child.
    public func send(_ signal: Int32) {
        kill(processIdentifier, signal)
    }

    /// Waits for the child to end and returns its exit status (128 + the signal when a signal ended it).
    @discardableResult
    public func waitUntilExit() -> Int32 {
        if let known = exitStatus.withLock({ $0 }) { return known }
        var status: Int32 = 0
        while waitpid(processIdentifier, &status, 0) == -1, errno == EINTR {}
        let code = (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
        exitStatus.withLock { $0 = code }
        return code
    }

    /// Runs `executable` to its end and returns its exit status.
    public static func run(_ executable: String, _ arguments: [String]) throws(StartError) -> Int32 {
        try ChildProcess(executable: executable, arguments: arguments).waitUntilExit()
    }
}
