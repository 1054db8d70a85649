import Foundation
import GRDB
import HuddleCore

/// The file transfers this device sent or received, kept across restarts so interrupted
/// ones resume and ended ones stay listed: the transfer engine's journal, in the database's
/// `transfer` table.
public struct TransferStore: TransferJournal {
    let database: HuddleDatabase
    let clock: @Sendable () -> Date

    /// The transfer store in `database`.
    public init(database: HuddleDatabase, clock: @escaping @Sendable () -> Date = Date.init) {
        self.database = database
        self.clock = clock
    }

    /// Saves `entry`, replacing the one with the same ID (keeping when it was first saved).
    public func save(_ entry: TransferJournalEntry) throws {
        let now = clock().timeIntervalSince1970
        try database.write { db in
            let createdAt = try Double.fetchOne(db, sql: "SELECT createdAt FROM transfer WHERE id = ?",
                                                arguments: [entry.id.description]) ?? now
            try db.execute(sql: """
                INSERT OR REPLACE INTO transfer (id, direction, peer, nickname, offer, state, reason, bytesDone, filesDone,
                    completedPaths, sourcePaths, host, port, directory, folders, applyExecutableBits, partPath,
                    verifiedChunks, strayParts, committing, createdAt, updatedAt, offeredAt, startedAt, endedAt)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: try Self.arguments(entry, createdAt: createdAt, updatedAt: now))
        }
    }

    /// Every stored transfer that still reads as one, oldest first (rows this huddle cannot
    /// read are skipped).
    public func load() throws -> [TransferJournalEntry] {
        try database.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM transfer ORDER BY createdAt, id").compactMap(Self.entry)
        }
    }

    /// Forgets the transfer with `id`.
    public func remove(_ id: OfferID) throws {
        try database.write { db in try db.execute(sql: "DELETE FROM transfer WHERE id = ?", arguments: [id.description]) }
    }

    private static func arguments(_ entry: TransferJournalEntry, createdAt: Double, updatedAt: Double) throws -> StatementArguments {
        func json(_ value: some Encodable) throws -> String { String(decoding: try JSONEncoder().encode(value), as: UTF8.self) }
        let values: [(any DatabaseValueConvertible)?] = [
            entry.id.description, entry.direction.rawValue, entry.peer.description, entry.nickname, Data(entry.offer),
            entry.state.rawValue, entry.reason, Int64(clamping: entry.bytesDone), entry.filesDone,
            try json(entry.completedPaths), try json(entry.sourcePaths), entry.host, entry.port, entry.directory,
            try json(entry.folders), entry.applyExecutableBits, entry.partPath, Int64(clamping: entry.verifiedChunks),
            try json(entry.strayParts), try json(entry.committing), createdAt, updatedAt,
            entry.times?.offeredAt, entry.times?.startedAt, entry.times?.endedAt,
        ]
        return StatementArguments(values)
    }

    /// The entry a row holds, or nil if this huddle cannot read it.
    private static func entry(_ row: Row) -> TransferJournalEntry? {
        func decoded<T: Decodable>(_ column: String, as type: T.Type) -> T? {
            guard let text: String = row[column] else { return nil }
            return try? JSONDecoder().decode(T.self, from: Data(text.utf8))
        }
        guard let id = (row["id"] as String?).flatMap(OfferID.init(parsing:)),
              let direction = (row["direction"] as String?).flatMap(TransferDirection.init(rawValue:)),
              let peer = (row["peer"] as String?).flatMap(PeerID.init(parsing:)),
              let state = (row["state"] as String?).flatMap(TransferState.Kind.init(rawValue:)),
              let offer: Data = row["offer"],
              let completedPaths = decoded("completedPaths", as: [String].self),
              let sourcePaths = decoded("sourcePaths", as: [String].self),
              let folders = decoded("folders", as: [String: String].self),
              let strayParts = decoded("strayParts", as: [String].self),
              let committing = decoded("committing", as: [TransferCommitIntent].self) else { return nil }
        return TransferJournalEntry(
            id: id, direction: direction, peer: peer, nickname: row["nickname"] ?? "", offer: Array(offer), state: state,
            reason: row["reason"], bytesDone: UInt64(clamping: row["bytesDone"] as Int64? ?? 0), filesDone: row["filesDone"] ?? 0,
            completedPaths: completedPaths, sourcePaths: sourcePaths, host: row["host"], port: row["port"],
            directory: row["directory"], folders: folders, applyExecutableBits: row["applyExecutableBits"] ?? false,
            partPath: row["partPath"], verifiedChunks: UInt64(clamping: row["verifiedChunks"] as Int64? ?? 0),
            strayParts: strayParts, committing: committing, savedAt: row["updatedAt"],
            times: (row["offeredAt"] as Int64?).map { TransferTimes(offeredAt: $0, startedAt: row["startedAt"], endedAt: row["endedAt"]) })
    }
}
