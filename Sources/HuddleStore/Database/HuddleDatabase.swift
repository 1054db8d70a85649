import Foundation
import GRDB

/// huddle's SQLite database (`huddle.sqlite` in the data folder), in WAL mode.
///
/// Opening checks the file before anything is written: a file that is not a database, or a
/// database written by a newer huddle, is refused with a message, never reset.
public final class HuddleDatabase: Sendable {
    /// The connection pool.
    public let pool: DatabasePool
    /// The file.
    public let path: String

    /// Opens (or creates) the database at `path` and applies the migrations.
    public init(path: String) throws(StoreError) {
        self.path = path
        var configuration = Configuration()
        configuration.busyMode = .timeout(5)
        let synchronous = Self.synchronous(ProcessInfo.processInfo.environment)
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = \(synchronous)")
        }
        do {
            pool = try DatabasePool(path: path, configuration: configuration)
            // GRDB sets NORMAL on the writer when it turns WAL on, after `prepareDatabase`.
            try pool.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA synchronous = \(synchronous)") }
        } catch {
            throw .corrupt(path: path, reason: "\(error)")
        }
        do {
            let migrator = Self.migrator
            let newer = try pool.read { db in
                try migrator.appliedIdentifiers(db).subtracting(migrator.migrations)
            }
            guard newer.isEmpty else { throw StoreError.newerVersion(path: path, migrations: newer.sorted()) }
            try migrator.migrate(pool)
        } catch let error as StoreError {
            throw error
        } catch {
            throw .corrupt(path: path, reason: "\(error)")
        }
    }

    /// How hard commits wait for the disk. `FULL`: a commit returns once the WAL is synced,
    /// so an acknowledged change survives a power cut (with `NORMAL` it survives a crash of
    /// huddle, not of the machine, and a peer that lost its tail and wrote again would reuse
    /// seqs its peers hold). `HUDDLE_SQLITE_SYNCHRONOUS=NORMAL` is for benchmarks comparing
    /// the two.
    static func synchronous(_ environment: [String: String]) -> String {
        environment["HUDDLE_SQLITE_SYNCHRONOUS"]?.uppercased() == "NORMAL" ? "NORMAL" : "FULL"
    }

    /// The schema, as named migrations. **Never edit a migration once it has shipped**; add
    /// a new one.
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1-peers") { db in
            try db.create(table: "peer") { table in
                table.primaryKey("id", .text)
                table.column("publicKey", .blob).notNull()
                table.column("nickname", .text).notNull()
                table.column("nicknamesSeen", .text).notNull().defaults(to: "[]")
                table.column("firstSeen", .double).notNull()
                table.column("lastSeen", .double).notNull()
                table.column("addresses", .text).notNull().defaults(to: "[]")
                table.column("trust", .text).notNull()
            }
            try db.create(table: "keyChange") { table in
                table.autoIncrementedPrimaryKey("id")
                table.column("oldID", .text).notNull()
                table.column("newID", .text).notNull()
                table.column("newPublicKey", .blob).notNull()
                table.column("nickname", .text).notNull()
                table.column("address", .text)
                table.column("seenAt", .double).notNull()
                table.column("resolved", .boolean).notNull().defaults(to: false)
            }
        }
        migrator.registerMigration("v2-documents") { db in
            try db.create(table: "workspace") { table in
                table.primaryKey("id", .text)
                table.column("createdAt", .double).notNull()
            }
            try db.create(table: "document") { table in
                table.primaryKey("id", .text)
                table.column("workspace", .text).notNull()
                table.column("kind", .text).notNull()
                table.column("name", .text).notNull()
                table.column("createdAt", .double).notNull()
                table.column("lastAuthor", .text)
                table.column("lastEditAt", .double)
            }
            try db.create(table: "changeRun") { table in
                table.autoIncrementedPrimaryKey("id")
                table.column("document", .text).notNull().indexed()
                table.column("author", .blob).notNull()
                table.column("startSeq", .integer).notNull()
                table.column("endSeq", .integer).notNull()
                table.column("run", .blob).notNull()
                table.column("head", .blob).notNull()
            }
            try db.create(index: "changeRunByAuthor", on: "changeRun", columns: ["document", "author", "endSeq"])
            try db.create(table: "snapshot") { table in
                table.primaryKey("document", .text)
                table.column("bytes", .blob).notNull()
                table.column("throughRun", .integer).notNull()
                table.column("savedAt", .double).notNull()
            }
            try db.create(table: "readMarker") { table in
                table.primaryKey("document", .text)
                table.column("lamport", .integer).notNull()
                table.column("readAt", .double).notNull()
            }
        }
        migrator.registerMigration("v3-transfers") { db in
            try db.create(table: "transfer") { table in
                table.primaryKey("id", .text)
                table.column("direction", .text).notNull()
                table.column("peer", .text).notNull()
                table.column("nickname", .text).notNull()
                table.column("offer", .blob).notNull()
                table.column("state", .text).notNull()
                table.column("reason", .text)
                table.column("bytesDone", .integer).notNull()
                table.column("filesDone", .integer).notNull()
                table.column("completedPaths", .text).notNull()
                table.column("sourcePaths", .text).notNull()
                table.column("host", .text)
                table.column("port", .integer)
                table.column("directory", .text)
                table.column("folders", .text).notNull()
                table.column("applyExecutableBits", .boolean).notNull()
                table.column("partPath", .text)
                table.column("verifiedChunks", .integer).notNull()
                table.column("createdAt", .double).notNull()
                table.column("updatedAt", .double).notNull()
            }
        }
        migrator.registerMigration("v4-transfer-stray-parts") { db in
            try db.alter(table: "transfer") { table in
                table.add(column: "strayParts", .text).notNull().defaults(to: "[]")
            }
        }
        migrator.registerMigration("v5-transfer-commit-intents") { db in
            try db.alter(table: "transfer") { table in
                table.add(column: "committing", .text).notNull().defaults(to: "[]")
            }
        }
        migrator.registerMigration("v6-quarantine") { db in
            try db.create(table: "quarantine") { table in
                table.autoIncrementedPrimaryKey("id")
                table.column("document", .text).notNull()
                table.column("kind", .text).notNull()
                table.column("bytes", .blob).notNull()
                table.column("reason", .text).notNull()
                table.column("quarantinedAt", .double).notNull()
            }
        }
        migrator.registerMigration("v7-transfer-times") { db in
            try db.alter(table: "transfer") { table in
                table.add(column: "offeredAt", .integer)
                table.add(column: "startedAt", .integer)
                table.add(column: "endedAt", .integer)
            }
            // Transfers from before: offered when first saved; ended when last saved, if they ended.
            try db.execute(sql: "UPDATE transfer SET offeredAt = CAST(createdAt * 1000 AS INTEGER)")
            try db.execute(sql: """
                UPDATE transfer SET endedAt = CAST(updatedAt * 1000 AS INTEGER)
                WHERE state IN ('rejected', 'expired', 'done', 'failed', 'cancelled')
                """)
        }
        migrator.registerMigration("v8-notification-levels") { db in
            try db.create(table: "notificationLevel") { table in
                table.primaryKey("document", .text)
                table.column("level", .text).notNull()
            }
        }
        return migrator
    }
}

/// Why the store could not be used; each says what to do.
public enum StoreError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The file is not a usable SQLite database.
    case corrupt(path: String, reason: String)
    /// A newer huddle wrote this database.
    case newerVersion(path: String, migrations: [String])
    /// No peer matches.
    case unknownPeer(String)
    /// More than one peer matches a nickname.
    case ambiguousPeer(String, candidates: [String])
    /// A database operation failed.
    case failed(String)

    public var description: String {
        switch self {
        case let .corrupt(path, reason):
            "the database \(path) cannot be used (\(reason)); huddle will not reset it: move it aside "
                + "to start with an empty one, or restore it from a backup"
        case let .newerVersion(path, migrations):
            "the database \(path) was written by a newer huddle (\(migrations.joined(separator: ", "))); "
                + "upgrade huddle to use it"
        case let .unknownPeer(name):
            "no peer called \(name)"
        case let .ambiguousPeer(name, candidates):
            "several peers are called \(name): use one of their IDs (\(candidates.joined(separator: ", ")))"
        case let .failed(message):
            message
        }
    }
}
