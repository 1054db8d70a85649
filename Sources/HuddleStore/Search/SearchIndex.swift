import Foundation
import GRDB
import HuddleCore

/// The full-text index of the messages and notes this peer holds (`search.sqlite`, SQLite
/// FTS5), newest first.
///
/// It is derived data: everything in it can be rebuilt from the documents, so it lives in a
/// file of its own with `synchronous = NORMAL` (a crash of huddle loses nothing; a power cut
/// may lose the last writes, which the next start re-indexes), and a file that does not open
/// or has another schema is deleted and made again. Each document's row in `indexed` says
/// which version of it the entries reflect, written in the same transaction as the entries,
/// so the index and its versions never disagree.
///
/// An entry's row ID is its time in milliseconds times 1024 plus a free slot, so FTS5 walks
/// matches newest first and stops at the limit instead of ranking every match.
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
            for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
            do { queue = try Self.open(path) } catch { throw .failed("the search index \(path) cannot be made: \(error)") }
        }
    }

    private static func open(_ path: String) throws -> DatabaseQueue {
        var configuration = Configuration()
        configuration.busyMode = .timeout(5)
        configuration.prepareDatabase { db in try db.execute(sql: "PRAGMA synchronous = NORMAL") }
        let queue = try DatabaseQueue(path: path, configuration: configuration)
        try queue.writeWithoutTransaction { db in
            try db.execute(sql: "PRAGMA journal_mode = WAL")
            let version = try Int.fetchOne(db, sql: "PRAGMA user_version") ?? 0
            guard version != schemaVersion else { return }
            let tables = try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table'")
            guard version == 0, tables.isEmpty else { throw StoreError.failed("search index schema \(version)") }
            try db.inTransaction {
                try db.execute(sql: """
                    CREATE TABLE entry (id INTEGER PRIMARY KEY, document TEXT NOT NULL, item TEXT NOT NULL,
                        author TEXT NOT NULL, time INTEGER NOT NULL, body TEXT NOT NULL, tags TEXT NOT NULL,
                        UNIQUE (document, item));
                    CREATE VIRTUAL TABLE entryText USING fts5 (body, tags, content = 'entry', content_rowid = 'id',
                        tokenize = 'unicode61 remove_diacritics 2');
                    CREATE TRIGGER entryAdded AFTER INSERT ON entry BEGIN
                        INSERT INTO entryText (rowid, body, tags) VALUES (new.id, new.body, new.tags);
                    END;
                    CREATE TRIGGER entryRemoved AFTER DELETE ON entry BEGIN
                        INSERT INTO entryText (entryText, rowid, body, tags) VALUES ('delete', old.id, old.body, old.tags);
                    END;
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
            throw .failed("cannot read the search index: \(error)")
        }
    }

    /// Applies `batch` in one transaction.
    public func apply(_ batch: SearchIndexBatch) throws(StoreError) {
        guard !batch.isEmpty else { return }
        do {
            try queue.write { db in
                for document in batch.cleared {
                    try db.execute(sql: "DELETE FROM entry WHERE document = ?", arguments: [document])
                    try db.execute(sql: "DELETE FROM indexed WHERE document = ?", arguments: [document])
                }
                let find = try db.cachedStatement(sql: "SELECT id FROM entry WHERE document = ? AND item = ?")
                let remove = try db.cachedStatement(sql: "DELETE FROM entry WHERE id = ?")
                let taken = try db.cachedStatement(sql: "SELECT 1 FROM entry WHERE id = ?")
                let insert = try db.cachedStatement(sql: """
                    INSERT INTO entry (id, document, item, author, time, body, tags) VALUES (?, ?, ?, ?, ?, ?, ?)
                    """)
                for key in batch.removed {
                    if let id = try Int64.fetchOne(find, arguments: [key.document, key.item]) {
                        try remove.execute(arguments: [id])
                    }
                }
                for entry in batch.entries {
                    var id: Int64
                    if let old = try Int64.fetchOne(find, arguments: [entry.document, entry.item]) {
                        try remove.execute(arguments: [old])
                        id = old
                    } else {
                        id = Self.firstID(at: entry.time, hashing: entry.item)
                        while try Bool.fetchOne(taken, arguments: [id]) == true { id += 1 }
                    }
                    try insert.execute(arguments: [id, entry.document, entry.item, entry.author, entry.time,
                                                   entry.body, entry.tags.joined(separator: " ")])
                }
                let version = try db.cachedStatement(sql: "INSERT OR REPLACE INTO indexed (document, version) VALUES (?, ?)")
                for (document, bytes) in batch.versions {
                    try version.execute(arguments: [document, Data(bytes)])
                }
            }
        } catch {
            throw .failed("cannot write the search index: \(error)")
        }
    }

    /// Entries matching the FTS5 expression `match` (made by `SearchQuery`, with tag filters),
    /// newest first, at most `limit`.
    public func search(match: String, limit: Int) throws(StoreError) -> [SearchHit] {
        do {
            return try queue.read { db in
                let rows = try Row.fetchAll(db, sql: """
                    SELECT entry.document, entry.item, entry.author, entry.time,
                        snippet(entryText, 0, char(2), char(3), '\(SearchText.ellipsis)', 16) AS excerpt
                    FROM entryText JOIN entry ON entry.id = entryText.rowid
                    WHERE entryText MATCH ? ORDER BY entryText.rowid DESC LIMIT ?
                    """, arguments: [match, limit])
                return rows.map { row in
                    SearchHit(document: row["document"], item: row["item"], author: row["author"],
                              time: row["time"], excerpt: row["excerpt"])
                }
            }
        } catch {
            throw .failed("the search failed: \(error)")
        }
    }

    /// How many entries the index holds.
    public func count() throws(StoreError) -> Int {
        do { return try queue.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM entry") ?? 0 } } catch {
            throw .failed("cannot read the search index: \(error)")
        }
    }

    /// The first row ID tried for an entry at `time`: newer entries get greater IDs; the
    /// slot within the millisecond comes from the item, so replays pick the same one.
    static func firstID(at time: Int64, hashing item: String) -> Int64 {
        let milliseconds = min(max(time, 0), Int64.max / slotsPerMillisecond - 1)
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in item.utf8 { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
        return milliseconds * slotsPerMillisecond + Int64(hash % UInt64(slotsPerMillisecond / 2))
    }
}

/// One searchable thing: a chat message, or a stretch of a note.
public struct SearchEntry: Hashable, Sendable {
    /// The document's ID (text form).
    public var document: String
    /// What it is within the document: a message ID, or where in the note the stretch starts.
    public var item: String
    /// Who wrote it (a replica's text form), or empty.
    public var author: String
    /// When, in milliseconds since 1970: the order results come in.
    public var time: Int64
    /// The text, as ``SearchText/indexable(_:)`` made it.
    public var body: String
    /// Words that filters match (document, workspace, author, kind): see `SearchTag`.
    public var tags: [String]

    /// An entry from its parts.
    public init(document: String, item: String, author: String, time: Int64, body: String, tags: [String]) {
        self.document = document
        self.item = item
        self.author = author
        self.time = time
        self.body = body
        self.tags = tags
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
    /// Who wrote it.
    public var author: String
    /// When (milliseconds since 1970).
    public var time: Int64
    /// The text around the match, matches between `SearchText.matchStart` and `matchEnd`.
    public var excerpt: String
}

/// Filter words in an entry's `tags`: a letter for what is filtered, then a hash of the value,
/// so any name becomes one token the tokenizer keeps whole.
public enum SearchTag {
    /// The tag for the document `id`.
    public static func document(_ id: String) -> String { "d" + hash(id) }
    /// The tag for the workspace (or `dm`) a document is stored in.
    public static func workspace(_ group: String) -> String { "w" + hash(group) }
    /// The tag for an author.
    public static func author(_ replica: String) -> String { "a" + hash(replica) }

    static func hash(_ text: String) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
        let hex = String(hash, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }
}
