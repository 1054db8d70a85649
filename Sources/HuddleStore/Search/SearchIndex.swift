import Foundation
import GRDB
import HuddleCore

/// The full-text index of the messages and notes this peer holds (`search.sqlite`, SQLite
/// FTS5), newest first.
///
/// It is derived data: everything in it can be rebuilt from the documents, so it lives in a
/// file of its own, in WAL mode with `synchronous = OFF` (a crash of huddle loses nothing; a
/// power cut may lose the last writes or spoil the file: the next start re-indexes what is
/// missing, and a file that does not open, has another schema or turns out corrupt is made
/// again). Each document's row in `indexed` says which version of it the entries reflect,
/// written in the same transaction as the entries, so the index and its versions never
/// disagree.
///
/// The entries are a plain FTS5 table (text, filter tags, and the document and item,
/// unindexed): three times cheaper to write than an external-content table fed by triggers.
/// An entry's row ID is its time in milliseconds times 1024 plus a free slot, so FTS5 walks
/// matches newest first and stops at the limit instead of ranking every match; `entryKey`
/// finds an entry's row by a hash of its document and item.
public final class SearchIndex: Sendable {
    /// The file.
    public let path: String
    let queue: DatabaseQueue

    /// The schema's version; another one in the file means it is made again.
    static let schemaVersion = 1
    static let slotsPerMillisecond: Int64 = 1024

    /// Opens the index at `path`, making it again if it is missing, unreadable or old.
    public init(path: String) throws(StoreError) {
        self.path = path
        do {
            queue = try Self.open(path)
        } catch {
            Self.remove(at: path)
            do { queue = try Self.open(path) } catch { throw .failed("the search index \(path) cannot be made: \(error)") }
        }
    }

    private static func open(_ path: String) throws -> DatabaseQueue {
        var configuration = Configuration()
        configuration.busyMode = .timeout(5)
        configuration.prepareDatabase { db in try db.execute(sql: "PRAGMA synchronous = OFF") }
        let queue = try DatabaseQueue(path: path, configuration: configuration)
        try queue.writeWithoutTransaction { db in
            try db.execute(sql: "PRAGMA journal_mode = WAL")
            let version = try Int.fetchOne(db, sql: "PRAGMA user_version") ?? 0
            guard version != schemaVersion else { return }
            let tables = try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table'")
            guard version == 0, tables.isEmpty else { throw StoreError.failed("search index schema \(version)") }
            try db.inTransaction {
                try db.execute(sql: """
                    CREATE VIRTUAL TABLE entry USING fts5 (body, tags, document UNINDEXED, item UNINDEXED,
                        tokenize = 'unicode61 remove_diacritics 2');
                    CREATE TABLE entryKey (id INTEGER PRIMARY KEY, key INTEGER NOT NULL);
                    CREATE INDEX entryKeyByKey ON entryKey (key);
                    CREATE TABLE indexed (document TEXT PRIMARY KEY, version BLOB NOT NULL);
                    PRAGMA user_version = \(schemaVersion);
                    """)
                return .commit
            }
        }
        return queue
    }

    /// The version each document's entries reflect.
    public func versions() throws(StoreError) -> [String: [UInt8]] {
        do {
            return try queue.read { db in
                var versions: [String: [UInt8]] = [:]
                for row in try Row.fetchAll(db, sql: "SELECT document, version FROM indexed") {
                    versions[row["document"]] = [UInt8](row["version"] as Data)
                }
                return versions
            }
        } catch {
            throw failure("cannot read the search index", error)
        }
    }

    /// Applies `batch` in one transaction.
    public func apply(_ batch: SearchIndexBatch) throws(StoreError) {
        guard !batch.isEmpty else { return }
        do {
            try queue.write { db in
                let remove = try db.cachedStatement(sql: "DELETE FROM entry WHERE rowid = ?")
                let removeKey = try db.cachedStatement(sql: "DELETE FROM entryKey WHERE id = ?")
                for document in batch.cleared {
                    let rows = try Row.fetchAll(db, sql: "SELECT rowid, document FROM entry WHERE entry MATCH ?",
                                                arguments: ["tags:\"\(SearchTag.document(document))\""])
                    for row in rows where row["document"] == document {
                        try remove.execute(arguments: [row["rowid"] as Int64])
                        try removeKey.execute(arguments: [row["rowid"] as Int64])
                    }
                    try db.execute(sql: "DELETE FROM indexed WHERE document = ?", arguments: [document])
                }
                // Entries are found by a 64-bit hash of document and item (a small integer index
                // instead of one on two long strings), then compared, so a collision changes nothing.
                // The batch's entries are looked up together, and their new row IDs checked together.
                let existing = try Self.existing(batch.entries.map { ($0.document, $0.item) } + batch.removed, in: db)
                for (document, item) in batch.removed {
                    if let id = existing[Self.Key(document: document, item: item)] {
                        try remove.execute(arguments: [id])
                        try removeKey.execute(arguments: [id])
                    }
                }
                var fresh: [Int64] = []
                for entry in batch.entries where existing[Self.Key(document: entry.document, item: entry.item)] == nil {
                    fresh.append(Self.firstID(at: entry.time, hashing: entry.item))
                }
                var taken = try Self.taken(fresh, in: db)
                let probe = try db.cachedStatement(sql: "SELECT 1 FROM entryKey WHERE id = ?")
                let insert = try db.cachedStatement(sql: "INSERT INTO entry (rowid, body, tags, document, item) VALUES (?, ?, ?, ?, ?)")
                let insertKey = try db.cachedStatement(sql: "INSERT INTO entryKey (id, key) VALUES (?, ?)")
                var replaced: [Key: Int64] = [:]
                for entry in batch.entries {
                    let key = Self.Key(document: entry.document, item: entry.item)
                    var id: Int64
                    if let old = replaced[key] ?? existing[key] {
                        try remove.execute(arguments: [old])
                        try removeKey.execute(arguments: [old])
                        id = old
                    } else {
                        id = Self.firstID(at: entry.time, hashing: entry.item)
                        // The first choice was checked with the batch; a later one is probed.
                        while taken.contains(id) {
                            id += 1
                            if !taken.contains(id), try Bool.fetchOne(probe, arguments: [id]) == true { taken.insert(id) }
                        }
                    }
                    taken.insert(id)
                    replaced[key] = id
                    // Arguments as the statements expect them, unchecked: this is the hot path.
                    insert.setUncheckedArguments([id, entry.body, entry.tags, entry.document, entry.item])
                    try insert.execute()
                    insertKey.setUncheckedArguments([id, key.hash])
                    try insertKey.execute()
                }
                let version = try db.cachedStatement(sql: "INSERT OR REPLACE INTO indexed (document, version) VALUES (?, ?)")
                for (document, bytes) in batch.versions {
                    try version.execute(arguments: [document, Data(bytes)])
                }
            }
        } catch {
            throw failure("cannot write the search index", error)
        }
    }

    /// Entries matching the FTS5 expression `match` (made by `SearchQuery`, with tag filters),
    /// newest first, at most `limit`.
    public func search(match: String, limit: Int) throws(StoreError) -> [SearchHit] {
        do {
            return try queue.read { db in
                let rows = try Row.fetchAll(db, sql: """
                    SELECT rowid, document, item, snippet(entry, 0, char(2), char(3), '\(SearchText.ellipsis)', 16) AS excerpt
                    FROM entry WHERE entry MATCH ? ORDER BY rowid DESC LIMIT ?
                    """, arguments: [match, limit])
                return rows.map { row in
                    SearchHit(document: row["document"], item: row["item"],
                              time: (row["rowid"] as Int64) / Self.slotsPerMillisecond, excerpt: row["excerpt"])
                }
            }
        } catch {
            throw failure("the search failed", error)
        }
    }

    /// How many entries the index holds.
    public func count() throws(StoreError) -> Int {
        do { return try queue.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM entryKey") ?? 0 } } catch {
            throw failure("cannot read the search index", error)
        }
    }

    /// `error` as a store error: `corrupt` when SQLite found the file damaged (then the index
    /// is made again), else `failed`.
    private func failure(_ what: String, _ error: any Error) -> StoreError { Self.failure(what, error, path: path) }

    private static func failure(_ what: String, _ error: any Error, path: String) -> StoreError {
        if let error = error as? DatabaseError, [.SQLITE_CORRUPT, .SQLITE_NOTADB].contains(error.resultCode) {
            return .corrupt(path: path, reason: "\(what): \(error.message ?? "\(error)")")
        }
        return .failed("\(what): \(error)")
    }

    /// Closes the file (its log folded in). Any later use fails.
    public func close() {
        try? queue.close()
    }

    /// Deletes the index's files; the next `SearchIndex(path:)` starts empty.
    public static func remove(at path: String) {
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
    }

    /// An entry's document and item, and the hash it is looked up by.
    struct Key: Hashable {
        let document: String, item: String

        var hash: Int64 { Int64(bitPattern: SearchTag.fnv1a(document + "\u{0}" + item)) }
    }

    /// The row IDs of the entries among `keys` that the index holds: the rows with their hashes,
    /// then each one's document and item read by row ID (a join could scan the FTS5 table).
    static func existing(_ keys: [(document: String, item: String)], in db: Database) throws -> [Key: Int64] {
        var found: [Key: Int64] = [:]
        let keys = keys.map { Key(document: $0.document, item: $0.item) }
        let read = try db.cachedStatement(sql: "SELECT document, item FROM entry WHERE rowid = ?")
        for chunk in stride(from: 0, to: keys.count, by: 500).map({ keys[$0..<min($0 + 500, keys.count)] }) {
            let marks = Array(repeating: "?", count: chunk.count).joined(separator: ",")
            let ids = try Int64.fetchAll(db, sql: "SELECT id FROM entryKey WHERE key IN (\(marks))", arguments: StatementArguments(chunk.map(\.hash)))
            for id in ids {
                guard let row = try Row.fetchOne(read, arguments: [id]) else { continue }
                found[Key(document: row["document"], item: row["item"])] = id
            }
        }
        return found
    }

    /// Which of `ids` are row IDs already.
    static func taken(_ ids: [Int64], in db: Database) throws -> Set<Int64> {
        var taken: Set<Int64> = []
        for chunk in stride(from: 0, to: ids.count, by: 500).map({ ids[$0..<min($0 + 500, ids.count)] }) {
            let marks = Array(repeating: "?", count: chunk.count).joined(separator: ",")
            taken.formUnion(try Int64.fetchAll(db, sql: "SELECT id FROM entryKey WHERE id IN (\(marks))", arguments: StatementArguments(Array(chunk))))
        }
        return taken
    }

    /// The first row ID tried for an entry at `time`: newer entries get greater IDs; the
    /// slot within the millisecond comes from the item, so replays pick the same one.
    static func firstID(at time: Int64, hashing item: String) -> Int64 {
        let milliseconds = min(max(time, 0), Int64.max / slotsPerMillisecond - 1)
        return milliseconds * slotsPerMillisecond + Int64(SearchTag.fnv1a(item) % UInt64(slotsPerMillisecond / 2))
    }
}

/// Changes to the index, applied in one transaction: documents cleared first, then entries
/// removed, then entries added or replaced, then the versions they reflect recorded.
public struct SearchIndexBatch: Sendable {
    /// Documents whose entries all go.
    public var cleared: [String] = []
    /// Entries that go, by document and item.
    public var removed: [(document: String, item: String)] = []
    /// Entries added, or replacing the one with the same document and item.
    public var entries: [SearchEntry] = []
    /// The version of each document the index now reflects.
    public var versions: [String: [UInt8]] = [:]

    /// An empty batch.
    public init() {}

    /// Whether there is nothing to do.
    public var isEmpty: Bool { cleared.isEmpty && removed.isEmpty && entries.isEmpty && versions.isEmpty }
}

/// One entry that matched a search.
public struct SearchHit: Hashable, Sendable {
    /// The document's ID (text form).
    public var document: String
    /// The entry's item (a message ID or a note position).
    public var item: String
    /// When (milliseconds since 1970, as its row ID says).
    public var time: Int64
    /// The text around the match, matches between `SearchText.matchStart` and `matchEnd`.
    public var excerpt: String
}
