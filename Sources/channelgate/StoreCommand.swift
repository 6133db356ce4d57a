import UseCases
import ArgumentParser
import Foundation
import Logging
import SQLiteStore
import Storage

/// `channelgate store`: online backups, restores and verification of the SQLite store.
struct StoreCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "store", abstract: "Back up, restore, verify and copy the store.",
        subcommands: [Backup.self, Restore.self, Verify.self, Copy.self]
    )

    struct Copy: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Copy a SQLite store into a PostgreSQL database (the gateway on SQLite stopped); run it again to finish an interrupted copy."
        )

        @OptionGroup var location: DataLocation

        @Option(name: .long, help: "The SQLite store: sqlite:PATH (default: the data directory's store).")
        var from: String?

        @Option(name: .long, help: "The PostgreSQL database: postgresql://USER@HOST/DATABASE.")
        var to: String

        func run() async throws {
            let sqlitePath: String
            if let from {
                guard from.hasPrefix("sqlite:") else { throw ValidationError("--from takes sqlite:PATH") }
                sqlitePath = String(from.dropFirst("sqlite:".count))
            } else {
                sqlitePath = try location.configuration().storePath
            }
            guard to.hasPrefix("postgresql://") || to.hasPrefix("postgres://") else { throw ValidationError("--to takes postgresql://…") }
            var bar: TerminalProgress?
            var current = ""
            let results = try StoreCopy.run(from: sqlitePath, to: to, logger: Logger(label: "store-copy")) { table, copied, total in
                if table != current {
                    bar?.finish()
                    bar = TerminalProgress(label: table)
                    current = table
                }
                bar?.show(Int(copied), of: Int(max(total, 1)), unit: "rows")
            }
            bar?.finish()
            for result in results where result.source > 0 || result.target > 0 {
                print("\(result.table): \(result.source) rows in SQLite, \(result.added) added now, \(result.target) in PostgreSQL")
            }
            let short = results.filter { $0.target < $0.source }
            if !short.isEmpty {
                print("fewer rows in PostgreSQL than in SQLite: \(short.map { $0.table }.joined(separator: ", "))")
                throw ExitCode(2)
            }
            print("copied \(sqlitePath) into \(to.contains("@") ? "the PostgreSQL database" : to); start the replicas with --store and the same key files")
        }
    }

    struct Backup: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Copy the store to DEST while the gateway keeps serving: one consistent moment, written to DEST.partial, then renamed."
        )

        @OptionGroup var location: DataLocation

        @Argument(help: "The backup file to write (replaced if it exists).")
        var destination: String

        func run() async throws {
            let storePath = try location.configuration().storePath
            let progress = TerminalProgress(label: "backup")
            let summary = try StoreBackup.run(from: storePath, to: destination) { copied, total in progress.show(copied, of: total, unit: "pages") }
            progress.finish()
            print("backup written to \(destination): \(summary.bytes) bytes, \(summary.orders) orders, \(summary.events) events, "
                + "feed position \(summary.lastPosition), as of \(ISO8601DateFormatter().string(from: summary.takenAt))")
            print("note: the keys are not in the backup; keep pii.keys and signing.keys (or their environment variables) backed up apart from it")
        }
    }

    struct Restore: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Replace the store with a backup (the gateway must be stopped); the replaced store is kept beside it."
        )

        @OptionGroup var location: DataLocation

        @Argument(help: "The backup file to restore.")
        var backup: String

        func run() async throws {
            let storePath = try location.configuration().storePath
            try DataFiles.createDirectory((storePath as NSString).deletingLastPathComponent)
            let outcome = try StoreRestore.run(backup: backup, to: storePath)
            print(outcome.report)
            print("restored \(backup) as \(storePath)" + (outcome.previousStore.map { "; the previous store is kept as \($0)" } ?? ""))
        }
    }

    struct Verify: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check the store (or a backup with --file): SQLite integrity, then every order recounted against its events."
        )

        @OptionGroup var location: DataLocation

        @Option(name: .long, help: "A store or backup file to check instead of the data directory's store.")
        var file: String?

        func run() async throws {
            let path = try file ?? location.configuration().storePath
            let report = try StoreVerification.run(path: path)
            print(report)
            if !report.isClean { throw ExitCode(2) }
        }
    }
}

/// One line on standard error that redraws itself: a percentage, a bar and the counts.
final class TerminalProgress: @unchecked Sendable {
    // Invariant: used from one thread at a time (the command's).
    private let label: String
    private var lastPercent = -1
    private let isTerminal = isatty(STDERR_FILENO) == 1

    init(label: String) { self.label = label }

    func show(_ done: Int, of total: Int, unit: String) {
        let percent = total > 0 ? done * 100 / total : 100
        guard percent != lastPercent, isTerminal || percent % 10 == 0 else { return }
        lastPercent = percent
        let filled = percent / 5
        let bar = String(repeating: "#", count: filled) + String(repeating: ".", count: 20 - filled)
        let line = "\(label) [\(bar)] \(percent)% (\(done)/\(total) \(unit))"
        FileHandle.standardError.write(Data(((isTerminal ? "\r" : "") + line + (isTerminal ? "" : "\n")).utf8))
    }

    func finish() {
        if isTerminal { FileHandle.standardError.write(Data("\n".utf8)) }
    }
}
