import Foundation
import HuddleCore
import HuddleNet
import HuddleStore

/// The transfer engine's journal, kept in the database's `transfer` table (HuddleNet and
/// HuddleStore do not know each other; this is where they meet).
struct StoreTransferJournal: TransferJournal {
    let store: TransferStore

    func save(_ entry: TransferJournalEntry) throws {
        let now = Date().timeIntervalSince1970
        try store.save(StoredTransfer(
            id: entry.id.description, direction: entry.direction.rawValue, peer: entry.peer.description, nickname: entry.nickname,
            offer: entry.offer, state: entry.state, reason: entry.reason, bytesDone: Int64(clamping: entry.bytesDone),
            filesDone: entry.filesDone, completedPaths: entry.completedPaths, sourcePaths: entry.sourcePaths,
            host: entry.host, port: entry.port, directory: entry.directory, folders: entry.folders,
            applyExecutableBits: entry.applyExecutableBits, partPath: entry.partPath,
            verifiedChunks: Int64(clamping: entry.verifiedChunks), strayParts: entry.strayParts,
            committing: entry.committing.map { StoredCommit(file: $0.file, part: $0.part, final: $0.final, inode: $0.inode) },
            createdAt: now, updatedAt: now))
    }

    /// Every stored transfer that still reads as one (rows this huddle cannot read are skipped).
    func load() throws -> [TransferJournalEntry] {
        try store.all().compactMap { row in
            guard let id = OfferID(parsing: row.id), let direction = TransferDirection(rawValue: row.direction),
                  let peer = PeerID(parsing: row.peer) else { return nil }
            return TransferJournalEntry(
                id: id, direction: direction, peer: peer, nickname: row.nickname, offer: row.offer, state: row.state,
                reason: row.reason, bytesDone: UInt64(clamping: row.bytesDone), filesDone: row.filesDone,
                completedPaths: row.completedPaths, sourcePaths: row.sourcePaths, host: row.host, port: row.port,
                directory: row.directory, folders: row.folders, applyExecutableBits: row.applyExecutableBits,
                partPath: row.partPath, verifiedChunks: UInt64(clamping: row.verifiedChunks), strayParts: row.strayParts,
                committing: row.committing.map { TransferCommitIntent(file: $0.file, part: $0.part, final: $0.final, inode: $0.inode) },
                savedAt: row.updatedAt)
        }
    }

    func remove(_ id: OfferID) throws {
        try store.remove(id: id.description)
    }
}
