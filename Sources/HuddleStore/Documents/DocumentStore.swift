import Foundation
import GRDB
import HuddleCore

/// The documents this peer keeps: their records, signed change runs, snapshots and read markers.
///
/// Changes are stored as runs in the order they were applied; a snapshot holds a document's
/// state through one run, so loading reads the snapshot plus the runs after it. Every method
/// is one transaction: when `append` returns, the changes are on disk (WAL) and may be
/// acknowledged.
public struct DocumentStore: Sendable {
    let database: HuddleDatabase
    let commits = CommitGroup()

    /// The document store in `database`.
    public init(database: HuddleDatabase) {
        self.database = database
    }

    /// Every document, by ID.
    public func documents() throws(StoreError) -> [StoredDocument] {
        try database.read { db in try StoredDocument.order(Column("id")).fetchAll(db) }
    }

    /// Adds `document` (and its workspace) unless it is there; returns whether it was added.
    @discardableResult
    public func create(_ document: StoredDocument) throws(StoreError) -> Bool {
        try database.write { db in
            if try StoredDocument.exists(db, key: document.id) { return false }
            try db.execute(sql: "INSERT OR IGNORE INTO workspace (id, createdAt) VALUES (?, ?)",
                           arguments: [document.workspace, document.createdAt])
            try document.insert(db)
            return true
        }
    }

    /// Stores `runs` of `document`, in order, in one transaction, and records `author` as its
    /// latest editor. Returns the runs with their row IDs.
    @discardableResult
    public func append(_ runs: [StoredRun], to document: String, lastAuthor: String?, at now: Date) throws(StoreError) -> [StoredRun] {
        try database.write { db in try Self.insert(runs, into: document, lastAuthor: lastAuthor, at: now, in: db) }
    }

    /// ``append(_:to:lastAuthor:at:)`` in the next group commit: local changes made while a
    /// commit syncs to disk share the one after it. Returns once the runs are on disk.
    public func appendGrouped(_ runs: [StoredRun], to document: String, lastAuthor: String?, at now: Date) async throws(StoreError) -> [StoredRun] {
        try await commits.append(runs, to: document, lastAuthor: lastAuthor, at: now, in: database)
    }

    static func insert(_ runs: [StoredRun], into document: String, lastAuthor: String?, at now: Date, in db: Database) throws -> [StoredRun] {
        let statement = try db.cachedStatement(sql: """
            INSERT INTO changeRun (document, author, startSeq, endSeq, run, head) VALUES (?, ?, ?, ?, ?, ?)
            """)
        var stored = runs
        for index in stored.indices {
            let run = stored[index]
            try statement.execute(arguments: [document, Data(run.author.bytes), Int64(run.startSeq), Int64(run.endSeq),
                                              Data(run.run), Data(run.head.bytes)])
            stored[index].id = db.lastInsertedRowID
        }
        try db.execute(sql: "UPDATE document SET lastAuthor = ?, lastEditAt = ? WHERE id = ?",
                       arguments: [lastAuthor, now.timeIntervalSince1970, document])
        return stored
    }

    /// The runs of `document` stored after the run `afterID`, in stored order.
    public func runs(of document: String, after afterID: Int64 = 0) throws(StoreError) -> [StoredRun] {
        try database.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM changeRun WHERE document = ? AND id > ? ORDER BY id",
                             arguments: [document, afterID]).map { row throws in try StoredRun(row: row) }
        }
    }

    /// The first runs of `document` that a replica at `version` lacks, in stored order: at
    /// most `rows` of them and, past the first, at most `bytes` in all. Paging a catch-up this
    /// way (the version raised by what was sent) keeps memory bounded whatever the history.
    /// `heads` (each author's last stored seq, as the caller holds them in memory) saves
    /// reading them from the table, which costs a pass over all of the document's runs.
    public func runs(of document: String, missingFrom version: VersionVector, heads: [ReplicaID: UInt64]? = nil,
                     rows: Int, bytes: Int) throws(StoreError) -> [StoredRun] {
        try database.read { db in
            var found: [StoredRun] = []
            let heads = try heads ?? Self.heads(of: document, in: db).mapValues(\.seq)
            for (author, head) in heads where head > version[author] {
                // An author's runs are stored in seq order, so ordering by `endSeq` is ordering
                // by ID, and lets SQLite read just `rows` runs off the index: ordering by ID
                // read every remaining run of the author (and its bytes) for every page.
                let rows = try Row.fetchAll(db, sql: """
                    SELECT * FROM changeRun WHERE document = ? AND author = ? AND endSeq > ? ORDER BY endSeq LIMIT ?
                    """, arguments: [document, Data(author.bytes), Int64(version[author]), rows])
                for row in rows { found.append(try StoredRun(row: row)) }
            }
            found.sort { $0.id < $1.id }
            var page: [StoredRun] = []
            var size = 0
            for run in found.prefix(rows) {
                if !page.isEmpty && size + run.run.count > bytes { break }
                page.append(run)
                size += run.run.count
            }
            return page
        }
    }

    /// The stored run of `document` by `author` that holds the seq `seq`, if one does: where a
    /// change received again is compared with the one held (a fork check).
    public func run(of document: String, by author: ReplicaID, holding seq: UInt64) throws(StoreError) -> StoredRun? {
        try database.read { db in
            try Row.fetchOne(db, sql: """
                SELECT * FROM changeRun WHERE document = ? AND author = ? AND endSeq >= ? AND startSeq <= ? ORDER BY endSeq LIMIT 1
                """, arguments: [document, Data(author.bytes), Int64(seq), Int64(seq)]).map { row throws in try StoredRun(row: row) }
        }
    }

    /// For each author of `document`, where its chain of stored changes ends.
    public func heads(of document: String) throws(StoreError) -> [ReplicaID: ChainHead] {
        try database.read { db in try Self.heads(of: document, in: db) }
    }

    static func heads(of document: String, in db: Database) throws -> [ReplicaID: ChainHead] {
        // SQLite returns the other columns of the row that holds the maximum.
        let rows = try Row.fetchAll(db, sql: """
            SELECT author, MAX(endSeq) AS endSeq, head FROM changeRun WHERE document = ? GROUP BY author
            """, arguments: [document])
        var heads: [ReplicaID: ChainHead] = [:]
        for row in rows {
            let author: Data = row["author"], head: Data = row["head"]
            guard let replica = ReplicaID(bytes: author), let link = ChainLink(bytes: Array(head)) else {
                throw StoreError.failed("a stored change run of \(document) is damaged")
            }
            heads[replica] = ChainHead(seq: UInt64(row["endSeq"] as Int64), link: link)
        }
        return heads
    }

    /// The number of runs of `document` stored after the run `afterID`.
    public func runCount(of document: String, after afterID: Int64) throws(StoreError) -> Int {
        try database.read { db in
            try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM changeRun WHERE document = ? AND id > ?",
                             arguments: [document, afterID]) ?? 0
        }
    }

    /// The latest snapshot of `document`: its encoded state through the run `throughRun`.
    public func snapshot(of document: String) throws(StoreError) -> (bytes: [UInt8], throughRun: Int64)? {
        try database.read { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT bytes, throughRun FROM snapshot WHERE document = ?",
                                             arguments: [document]) else { return nil }
            let bytes: Data = row["bytes"]
            return (Array(bytes), row["throughRun"])
        }
    }

    /// Replaces the snapshot of `document`, and compacts the runs the new snapshot covers that
    /// the previous one did not (see ``compact(_:after:through:in:)``). One transaction.
    public func saveSnapshot(of document: String, bytes: [UInt8], throughRun: Int64, at now: Date) throws(StoreError) {
        try database.write { db in
            let previous = try Int64.fetchOne(db, sql: "SELECT throughRun FROM snapshot WHERE document = ?", arguments: [document]) ?? 0
            try db.execute(sql: "INSERT OR REPLACE INTO snapshot (document, bytes, throughRun, savedAt) VALUES (?, ?, ?, ?)",
                           arguments: [document, Data(bytes), throughRun, now.timeIntervalSince1970])
            try Self.compact(document, after: previous, through: throughRun, in: db)
        }
    }

    /// Largest run compaction makes.
    static let maxCompactedRunBytes = 256 << 10

    /// Joins neighbouring runs (by row ID) of one author whose seqs follow on, up to
    /// ``maxCompactedRunBytes``, keeping the first row's ID: the stored order is unchanged, and a
    /// note typed key by key is read and sent as a few hundred rows, not hundreds of thousands.
    /// Signatures are kept as they are (each entry keeps its own).
    static func compact(_ document: String, after: Int64, through: Int64, in db: Database) throws {
        let rows = try Row.fetchAll(db, sql: "SELECT * FROM changeRun WHERE document = ? AND id > ? AND id <= ? ORDER BY id",
                                    arguments: [document, after, through])
        var groups: [[StoredRun]] = []
        var size = 0
        for row in rows {
            let run = try StoredRun(row: row)
            if let last = groups.last?.last, last.author == run.author, last.endSeq + 1 == run.startSeq,
               size + run.run.count <= maxCompactedRunBytes {
                groups[groups.count - 1].append(run)
                size += run.run.count
            } else {
                groups.append([run])
                size = run.run.count
            }
        }
        for group in groups where group.count > 1 {
            let runs = try group.map { try ChangeRun(decoding: $0.run) }
            let joined = ChangeRun(authorKey: runs[0].authorKey, entries: runs.flatMap(\.entries))
            try db.execute(sql: "DELETE FROM changeRun WHERE document = ? AND id >= ? AND id <= ?",
                           arguments: [document, group[0].id, group[group.count - 1].id])
            try db.execute(sql: "INSERT INTO changeRun (id, document, author, startSeq, endSeq, run, head) VALUES (?, ?, ?, ?, ?, ?, ?)",
                           arguments: [group[0].id, document, Data(group[0].author.bytes), Int64(group[0].startSeq),
                                       Int64(group[group.count - 1].endSeq), Data(joined.encoded()),
                                       Data(group[group.count - 1].head.bytes)])
        }
    }

    /// The Lamport clock of the latest message the user has read in `document` (0: none).
    public func readMarker(of document: String) throws(StoreError) -> UInt64 {
        try database.read { db in
            UInt64(try Int64.fetchOne(db, sql: "SELECT lamport FROM readMarker WHERE document = ?", arguments: [document]) ?? 0)
        }
    }

    /// Every read marker, by document.
    public func readMarkers() throws(StoreError) -> [String: UInt64] {
        try database.read { db in
            var markers: [String: UInt64] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT document, lamport FROM readMarker") {
                markers[row["document"]] = UInt64(row["lamport"] as Int64)
            }
            return markers
        }
    }

    /// Records that the user has read `document` up to the message with clock `lamport`.
    public func setReadMarker(of document: String, lamport: UInt64, at now: Date) throws(StoreError) {
        try database.write { db in
            try db.execute(sql: """
                INSERT INTO readMarker (document, lamport, readAt) VALUES (?, ?, ?)
                ON CONFLICT(document) DO UPDATE SET lamport = MAX(lamport, excluded.lamport), readAt = excluded.readAt
                """, arguments: [document, Int64(lamport), now.timeIntervalSince1970])
        }
    }

    /// The notification level chosen for each chat (by document; the text of a `NotificationLevel`).
    public func notificationLevels() throws(StoreError) -> [String: String] {
        try database.read { db in
            Dictionary(try Row.fetchAll(db, sql: "SELECT document, level FROM notificationLevel").map { ($0["document"], $0["level"]) },
                       uniquingKeysWith: { a, _ in a })
        }
    }

    /// Chooses `level` for `document`; nil goes back to the default.
    public func setNotificationLevel(of document: String, to level: String?) throws(StoreError) {
        try database.write { db in
            if let level {
                try db.execute(sql: "INSERT OR REPLACE INTO notificationLevel (document, level) VALUES (?, ?)", arguments: [document, level])
            } else {
                try db.execute(sql: "DELETE FROM notificationLevel WHERE document = ?", arguments: [document])
            }
        }
    }

    /// Runs SQLite's integrity check; returns its findings (`["ok"]` when sound).
    public func integrityCheck() throws(StoreError) -> [String] {
        try database.read { db in try String.fetchAll(db, sql: "PRAGMA integrity_check") }
    }
}
