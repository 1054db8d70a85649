import Foundation
import HuddleCore
import HuddleStore
import Testing
@testable import HuddleApp

@Suite("Document storage", .serialized)
struct DocumentStorageTests {
    @Test("a restart loads the snapshot plus the runs after it, and holds every acknowledged message")
    func snapshotPlusTail() async throws {
        let ann = try await TestPeer.start("ann")
        let total = Peer.snapshotEvery + 7
        for index in 0..<total { _ = try await ann.peer.say("message \(index)", in: "#general") }
        // Another process opening the same files, as after kill -9: nothing was stopped cleanly.
        let database = try HuddleDatabase(path: ann.profile.folders.database)
        let store = DocumentStore(database: database)
        let snapshot = try #require(try store.snapshot(of: Peer.generalChannel), "a snapshot was written after \(Peer.snapshotEvery) runs")
        #expect(try store.runCount(of: Peer.generalChannel, after: snapshot.throughRun) == 7, "only the tail is replayed")
        let reloaded = try Replica.load(try DocumentID(parsing: Peer.generalChannel), me: ann.profile.identity.peerID.replicaID, from: store)
        #expect(reloaded.chat?.messages.count == total)
        #expect(reloaded.chat?.messages.last?.body == "message \(total - 1)")
        #expect(reloaded.heads[ann.profile.identity.peerID.replicaID]?.seq == UInt64(total), "the chain continues where it ended")
        #expect(try store.integrityCheck() == ["ok"])
        await ann.stop()
    }

    @Test("the runs a peer lacks are exactly those past its version, in stored order")
    func runsMissingFromVersion() async throws {
        let ann = try await TestPeer.start("ann")
        for index in 0..<5 { _ = try await ann.peer.say("m\(index)", in: "#general") }
        let store = DocumentStore(database: try HuddleDatabase(path: ann.profile.folders.database))
        let me = ann.profile.identity.peerID.replicaID
        #expect(try store.runs(of: Peer.generalChannel, missingFrom: VersionVector()).count == 5)
        #expect(try store.runs(of: Peer.generalChannel, missingFrom: VersionVector([me: 3])).map(\.startSeq) == [4, 5])
        #expect(try store.runs(of: Peer.generalChannel, missingFrom: VersionVector([me: 5])).isEmpty)
        await ann.stop()
    }

    @Test("a database written by a newer huddle is refused with a message, never reset")
    func newerDatabaseRefused() throws {
        let path = NSTemporaryDirectory() + "huddle-newer-\(UUID().uuidString.prefix(8)).sqlite"
        defer { try? FileManager.default.removeItem(atPath: path) }
        let database = try HuddleDatabase(path: path)
        try database.pool.write { db in
            try db.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES ('v99-future')")
        }
        #expect(throws: StoreError.newerVersion(path: path, migrations: ["v99-future"])) { try HuddleDatabase(path: path) }
    }
}
