import Foundation
import TestSupport
import Testing

/// What `channelgate serve` writes to standard error.
@Suite struct ServeLogTests {
    @Test("serve logs one line per event: time, level, label, metadata by key, source and message")
    func logLinesKeepTheirLayout() async throws {
        let directory = NSTemporaryDirectory() + "channelgate-log-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let output = directory + "/output.log"
        // Standard error joins standard output, which the child process writes to a file.
        let process = try ChildProcess(
            executable: "/bin/sh",
            arguments: ["-c", "exec \"$0\" serve --data-dir \"$1\" --port 0 --no-demo 2>&1", DurabilityTests.binary, directory + "/data"],
            outputPath: output
        )
        defer {
            process.send(SIGTERM)
            process.waitUntilExit()
        }
        var text = ""
        for _ in 0..<300 where !text.contains("listening on http://") {
            try await Task.sleep(for: .milliseconds(50))
            text = (try? String(contentsOfFile: output, encoding: .utf8)) ?? ""
        }
        let lines = text.split(separator: "\n").map(String.init)
        let migrated = try #require(lines.first { $0.hasSuffix("[SQLiteStore] store migrated") }, "\(text)")
        let layout = #"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d{4} info channelgate : path=\S+/channelgate\.sqlite versions=\[[0-9, ]+\] \[SQLiteStore\] store migrated$"#
        #expect(migrated.range(of: layout, options: .regularExpression) != nil, "\(migrated)")
        let started = lines.first { $0.contains("[HummingbirdCore] Server started and listening on 127.0.0.1:") }
        #expect(started?.contains(" info channelgate : [HummingbirdCore] ") == true, "\(started ?? text)")
    }
}
