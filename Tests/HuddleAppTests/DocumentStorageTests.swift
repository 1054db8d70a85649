import Foundation
@testable import HuddleCore
import HuddleStore
import Testing
@testable import HuddleApp

@Suite("Document storage", .serialized, .stopsPeers)
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
        let (reloaded, problems) = try Replica.load(try DocumentID(parsing: Peer.generalChannel),
                                                    me: ann.profile.identity.peerID.replicaID, from: store)
        #expect(problems.isEmpty)
        #expect(reloaded.chat?.messages.count == total)
        #expect(reloaded.chat?.messages.last?.body == "message \(total - 1)")
        #expect(reloaded.heads[ann.profile.identity.peerID.replicaID]?.seq == UInt64(total), "the chain continues where it ended")
        #expect(try store.integrityCheck() == ["ok"])
        await ann.stop()
    }

    @Test("the runs a peer lacks are exactly those past its version, in stored order, a page at a time")
    func runsMissingFromVersion() async throws {
        let ann = try await TestPeer.start("ann")
        for index in 0..<5 { _ = try await ann.peer.say("m\(index)", in: "#general") }
        let store = DocumentStore(database: try HuddleDatabase(path: ann.profile.folders.database))
        let me = ann.profile.identity.peerID.replicaID
        func missing(_ version: VersionVector, rows: Int = 100) throws -> [UInt64] {
            try store.runs(of: Peer.generalChannel, missingFrom: version, rows: rows, bytes: 1 << 20).map(\.startSeq)
        }
        #expect(try missing(VersionVector()) == [1, 2, 3, 4, 5])
        #expect(try missing(VersionVector([me: 3])) == [4, 5])
        #expect(try missing(VersionVector([me: 5])).isEmpty)
        #expect(try missing(VersionVector(), rows: 2) == [1, 2], "a page holds at most its rows")
        #expect(try store.runs(of: Peer.generalChannel, missingFrom: VersionVector(), rows: 100, bytes: 1).count == 1,
                "and past its first run, at most its bytes")
        await ann.stop()
    }

    @Test("a peer whose stored snapshot does not decode starts, moves it aside and rebuilds the channel from its runs")
    func damagedSnapshotIsQuarantined() async throws {
        let ann = try await TestPeer.start("ann")
        for index in 0..<3 { _ = try await ann.peer.say("m\(index)", in: "#general") }
        await ann.stop(removing: false)
        let store = DocumentStore(database: try HuddleDatabase(path: ann.profile.folders.database))
        #expect(try store.snapshot(of: Peer.generalChannel) != nil, "stop saves a snapshot")
        try store.saveSnapshot(of: Peer.generalChannel, bytes: [0x43, 1, 0xFF], throughRun: 3, at: Date())

        let again = try await TestPeer.start("ann", home: ann.home)
        #expect(try await again.peer.messages(in: "#general").map(\.body) == ["m0", "m1", "m2"])
        #expect(try await again.peer.status().quarantined == 1)
        #expect(try store.snapshot(of: Peer.generalChannel) == nil, "the damaged snapshot is aside, not loaded again")
        _ = try await again.peer.say("m3", in: "#general")
        #expect(try await again.peer.messages(in: "#general").count == 4)
        await again.stop()
    }

    @Test("a channel whose snapshot holds a clock jump stored before the bound existed stays writable after the upgrade")
    func snapshotWithClockJumpStaysWritable() async throws {
        let ann = try await TestPeer.start("ann")
        _ = try await ann.peer.say("before", in: "#general")
        await ann.stop(removing: false)
        let store = DocumentStore(database: try HuddleDatabase(path: ann.profile.folders.database))
        let saved = try #require(try store.snapshot(of: Peer.generalChannel))
        // What an older huddle accepted and saved: a stranger's post with the clock at its limit.
        var poisoned = try ChatLog(decoding: saved.bytes, replica: ann.profile.identity.peerID.replicaID)
        poisoned.log.append(ChatChange(author: ReplicaID(7), startSeq: 1, dependencies: [],
                                       operations: [.post(body: "x", wallTime: 1)], lamports: [DecodeLimits.maxLamport]))
        try store.saveSnapshot(of: Peer.generalChannel, bytes: poisoned.encoded(), throughRun: saved.throughRun, at: Date())

        let again = try await TestPeer.start("ann", home: ann.home)
        _ = try await again.peer.say("after", in: "#general")
        #expect(try await again.peer.messages(in: "#general").map(\.body) == ["before", "after"])
        #expect(try await again.peer.status().quarantined == 1)
        await again.stop()
    }

    @Test("a peer with a stored run that does not decode starts and loads every other run")
    func damagedRunIsQuarantined() async throws {
        let ann = try await TestPeer.start("ann")
        _ = try await ann.peer.say("kept", in: "#general")
        _ = try await ann.peer.say("lost", in: "#dev")
        await ann.stop(removing: false)
        let database = try HuddleDatabase(path: ann.profile.folders.database)
        let dev = try DocumentID.channel("dev").description
        try await database.pool.write { db in
            try db.execute(sql: "DELETE FROM snapshot")
            try db.execute(sql: "UPDATE changeRun SET run = ? WHERE document = ?", arguments: [Data([1, 2, 3]), dev])
        }
        let again = try await TestPeer.start("ann", home: ann.home)
        #expect(try await again.peer.messages(in: "#general").map(\.body) == ["kept"])
        #expect(try await again.peer.messages(in: "#dev").isEmpty)
        #expect(try await again.peer.status().quarantined == 1)
        #expect(try DocumentStore(database: database).quarantinedCount() == 1)
        await again.stop()
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
