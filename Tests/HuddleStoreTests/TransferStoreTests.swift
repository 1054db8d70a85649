import Foundation
import GRDB
import HuddleCore
import Testing
@testable import HuddleStore

@Suite("The transfer journal's times")
struct TransferStoreTests {
    @Test("transfers saved before times were kept get them from the rows: offered when first saved, ended when last saved if they ended")
    func migrationGivesOldTransfersTheirTimes() throws {
        let path = NSTemporaryDirectory() + "huddle-v6-\(UUID().uuidString.prefix(8)).sqlite"
        defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) } }
        do {
            let pool = try DatabasePool(path: path)
            try HuddleDatabase.migrator.migrate(pool, upTo: "v6-quarantine")
            var generator = SystemRandomNumberGenerator()
            for (state, createdAt, updatedAt) in [("done", 1_700_000_000.25, 1_700_000_060.5), ("interrupted", 1_700_000_100.0, 1_700_000_200.0)] {
                try pool.write { db in
                    try db.execute(sql: """
                        INSERT INTO transfer (id, direction, peer, nickname, offer, state, bytesDone, filesDone, completedPaths,
                            sourcePaths, folders, applyExecutableBits, verifiedChunks, createdAt, updatedAt)
                        VALUES (?, 'incoming', ?, 'ann', x'01', ?, 0, 0, '[]', '[]', '{}', 0, 0, ?, ?)
                        """, arguments: [OfferID.random(using: &generator).description, DeviceIdentity().peerID.description,
                                         state, createdAt, updatedAt])
                }
            }
        }
        let entries = try TransferStore(database: try HuddleDatabase(path: path)).load()
        #expect(entries.map(\.times) == [TransferTimes(offeredAt: 1_700_000_000_250, endedAt: 1_700_000_060_500),
                                         TransferTimes(offeredAt: 1_700_000_100_000)])
    }
}
