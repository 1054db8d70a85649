import Foundation
import GRDB

/// The file transfers this device sent or received, kept across restarts so interrupted
/// ones resume and ended ones stay listed.
public struct TransferStore: Sendable {
    let database: HuddleDatabase

    /// The transfer store in `database`.
    public init(database: HuddleDatabase) {
        self.database = database
    }

    /// Saves `transfer`, replacing the one with the same ID (keeping when it was first saved).
    public func save(_ transfer: StoredTransfer) throws(StoreError) {
        try database.write { db in
            var transfer = transfer
            if let createdAt = try Double.fetchOne(db, sql: "SELECT createdAt FROM transfer WHERE id = ?", arguments: [transfer.id]) {
                transfer.createdAt = createdAt
            }
            try transfer.save(db)
        }
    }

    /// Every stored transfer, oldest first.
    public func all() throws(StoreError) -> [StoredTransfer] {
        try database.read { db in try StoredTransfer.order(Column("createdAt"), Column("id")).fetchAll(db) }
    }

    /// Forgets the transfer with `id`.
    public func remove(id: String) throws(StoreError) {
        try database.write { db in _ = try StoredTransfer.deleteOne(db, key: id) }
    }
}
