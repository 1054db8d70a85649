import Foundation
import GRDB

/// What a row that could not be loaded was.
public enum QuarantinedKind: String, Sendable, Codable {
    /// A document's snapshot: the document is rebuilt from its runs instead.
    case snapshot
    /// A stored run of signed changes that no longer decodes.
    case run
}

extension DocumentStore {
    /// Moves the snapshot of `document` aside (into the `quarantine` table), so the document
    /// loads from its runs and the next snapshot is written afresh. One transaction.
    public func quarantineSnapshot(of document: String, reason: String, at now: Date) throws(StoreError) {
        try database.write { db in
            try db.execute(sql: """
                INSERT INTO quarantine (document, kind, bytes, reason, quarantinedAt)
                SELECT document, ?, bytes, ?, ? FROM snapshot WHERE document = ?
                """, arguments: [QuarantinedKind.snapshot.rawValue, reason, now.timeIntervalSince1970, document])
            try db.execute(sql: "DELETE FROM snapshot WHERE document = ?", arguments: [document])
        }
    }

    /// Moves the run `id` of `document` aside (into the `quarantine` table). One transaction.
    public func quarantineRun(_ id: Int64, of document: String, reason: String, at now: Date) throws(StoreError) {
        try database.write { db in
            try db.execute(sql: """
                INSERT INTO quarantine (document, kind, bytes, reason, quarantinedAt)
                SELECT document, ?, run, ?, ? FROM changeRun WHERE id = ? AND document = ?
                """, arguments: [QuarantinedKind.run.rawValue, reason, now.timeIntervalSince1970, id, document])
            try db.execute(sql: "DELETE FROM changeRun WHERE id = ? AND document = ?", arguments: [id, document])
        }
    }

    /// How many rows were moved aside, ever.
    public func quarantinedCount() throws(StoreError) -> Int {
        try database.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM quarantine") ?? 0 }
    }
}
