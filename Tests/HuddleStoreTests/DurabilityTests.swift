import Foundation
import GRDB
import HuddleCore
import Testing
@testable import HuddleStore

@Suite("Durability of acknowledged writes")
struct DurabilityTests {
    @Test("every connection commits with synchronous = FULL, so an acknowledged change survives a power cut")
    func commitsAreSynced() async throws {
        let path = NSTemporaryDirectory() + "huddle-sync-\(UUID().uuidString.prefix(8)).sqlite"
        defer { try? FileManager.default.removeItem(atPath: path) }
        let database = try HuddleDatabase(path: path)
        #expect(try await database.pool.write { db in try Int.fetchOne(db, sql: "PRAGMA synchronous") } == 2)
        #expect(try await database.pool.read { db in try Int.fetchOne(db, sql: "PRAGMA synchronous") } == 2)
        #expect(try await database.pool.read { db in try String.fetchOne(db, sql: "PRAGMA journal_mode") } == "wal")
        #expect(HuddleDatabase.synchronous([:]) == "FULL")
        #expect(HuddleDatabase.synchronous(["HUDDLE_SQLITE_SYNCHRONOUS": "normal"]) == "NORMAL")
    }
}

@Suite("Known peers")
struct KnownPeerTests {
    @Test("a peer never verified and not seen for 30 days is forgotten; a verified or blocked one is kept")
    func unverifiedPeersAreForgotten() throws {
        let path = NSTemporaryDirectory() + "huddle-trust-\(UUID().uuidString.prefix(8)).sqlite"
        defer { try? FileManager.default.removeItem(atPath: path) }
        let store = TrustStore(database: try HuddleDatabase(path: path))
        let old = Date().addingTimeInterval(-31 * 86_400)
        let stranger = DeviceIdentity(), friend = DeviceIdentity(), foe = DeviceIdentity(), recent = DeviceIdentity()
        for identity in [stranger, friend, foe] {
            try store.recordSession(publicKey: identity.publicKey, nickname: "x", address: nil, at: old)
        }
        try store.recordSession(publicKey: recent.publicKey, nickname: "y", address: nil, at: Date())
        try store.setTrust(.verified, for: friend.peerID)
        try store.setTrust(.blocked, for: foe.peerID)
        #expect(try store.forgetUnverified(lastSeenBefore: Date().addingTimeInterval(-30 * 86_400)) == 1)
        #expect(try Set(store.peers().compactMap(\.peerID)) == [friend.peerID, foe.peerID, recent.peerID])
    }

    @Test("a peer that changes its nickname again and again keeps only its latest 16")
    func nicknamesAreBounded() throws {
        let path = NSTemporaryDirectory() + "huddle-trust-\(UUID().uuidString.prefix(8)).sqlite"
        defer { try? FileManager.default.removeItem(atPath: path) }
        let store = TrustStore(database: try HuddleDatabase(path: path))
        let peer = DeviceIdentity()
        for index in 0..<100 { try store.recordSession(publicKey: peer.publicKey, nickname: "nick\(index)", address: nil, at: Date()) }
        let names = try #require(try store.peer(peer.peerID)).nicknameList
        #expect(names.count == 16 && names.last == "nick99")
    }
}
