import Foundation
import HuddleCore
import HuddleNet
import HuddleStore
import HuddleTesting
import Testing
@testable import HuddleApp

/// Changes that wait for their dependencies are held apart from the document and stored only
/// once they apply. Each test is named after what a hostile or unlucky delivery does.
@Suite("Changes that wait for others")
struct PendingChangeTests {
    static let plan = DocumentID.note(workspace: .lan, name: "plan")

    /// An engine on a fresh database, holding the (empty) note.
    static func engine() throws -> (SyncEngine, String) {
        let home = NSTemporaryDirectory() + "huddle-pending-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: home, withIntermediateDirectories: true)
        var engine = SyncEngine(identity: DeviceIdentity(), store: DocumentStore(database: try HuddleDatabase(path: home + "/db.sqlite")))
        _ = try engine.load()
        _ = try engine.create(plan)
        return (engine, home)
    }

    /// Yan types "a"; xia, having seen it, types "b" after it: xia's change depends on yan's.
    static func followingChanges() throws -> (yan: DeviceIdentity, first: Change, xia: DeviceIdentity, second: Change) {
        let yan = DeviceIdentity(), xia = DeviceIdentity()
        var yanDoc = TextDocument(replica: yan.peerID.replicaID)
        try yanDoc.insert(at: 0, text: "a")
        guard let first = yanDoc.commit() else { throw NothingCommitted() }
        var xiaDoc = TextDocument(replica: xia.peerID.replicaID)
        _ = try xiaDoc.apply(first)
        try xiaDoc.insert(at: 1, text: "b")
        guard let second = xiaDoc.commit() else { throw NothingCommitted() }
        return (yan, first, xia, second)
    }

    /// `change` signed by `author` as the first of its chain in the note, as a batch.
    static func batch(_ change: Change, by author: DeviceIdentity, after previous: ChainLink = .origin) throws -> SyncMessage {
        let signed = try SignedChange(signing: change.encoded, in: plan.description, after: previous, by: author)
        return .changes(ChangeBatch(document: plan, runs: [ChangeRun(signed).encoded()]))
    }

    @Test("a change whose dependency has not arrived is neither stored nor moves its author's head; it applies once the dependency comes")
    func changeWaitsUntilItsDependencyComes() throws {
        var (engine, home) = try Self.engine()
        defer { try? FileManager.default.removeItem(atPath: home) }
        let relay = DeviceIdentity().peerID
        let (yan, first, xia, second) = try Self.followingChanges()

        let waiting = engine.receive(try Self.batch(second, by: xia), from: relay, writable: { _ in true })
        #expect(try engine.store.runs(of: Self.plan.description).isEmpty, "nothing is stored before it applies")
        #expect(engine.replicas[Self.plan]?.heads[xia.peerID.replicaID] == nil)
        #expect(engine.replicas[Self.plan]?.pending.count == 1)
        #expect(engine.book.refused == 0)
        #expect(waiting.outgoing.contains { if $0.peer == relay, case .state = $0.message { true } else { false } },
                "the sender is asked for what is missing")
        _ = engine.saveSnapshots(force: true) // a snapshot is not held up by what waits

        _ = engine.receive(try Self.batch(first, by: yan), from: relay, writable: { _ in true })
        #expect(engine.replicas[Self.plan]?.note?.text == "ab")
        #expect(engine.replicas[Self.plan]?.pending.count == 0)
        #expect(try engine.store.runs(of: Self.plan.description).map(\.author) == [yan.peerID.replicaID, xia.peerID.replicaID])
        #expect(engine.replicas[Self.plan]?.heads[xia.peerID.replicaID]?.seq == 1)
    }

    @Test("a peer flooding changes that can never apply fills only its own share; another peer's out-of-order changes still wait and apply")
    func floodOfChangesThatNeverApply() throws {
        var (engine, home) = try Self.engine()
        defer { try? FileManager.default.removeItem(atPath: home) }
        let mallory = DeviceIdentity().peerID, honest = DeviceIdentity().peerID
        // Each throwaway author inserts after an item of a replica that never writes.
        var ghost = TextDocument(replica: DeviceIdentity().peerID.replicaID)
        try ghost.insert(at: 0, text: "?")
        guard let ghostChange = ghost.commit() else { throw NothingCommitted() }
        let text = String(repeating: "x", count: 20_000)
        var refusedAt: Int?
        for index in 0..<((PendingChanges.maxBytesPerAuthor / 20_000) + 5) {
            let author = DeviceIdentity()
            var doc = TextDocument(replica: author.peerID.replicaID)
            _ = try doc.apply(ghostChange)
            try doc.insert(at: 1, text: text)
            guard let change = doc.commit() else { throw NothingCommitted() }
            _ = engine.receive(try Self.batch(change, by: author), from: mallory, writable: { _ in true })
            if engine.book.refused > 0 {
                refusedAt = index
                break
            }
        }
        #expect(refusedAt != nil, "the flood was refused once the sender's share was full")
        #expect((engine.replicas[Self.plan]?.pending.bytes ?? .max) <= PendingChanges.maxBytesPerAuthor)

        let (yan, first, xia, second) = try Self.followingChanges()
        let refusedBefore = engine.book.refused
        _ = engine.receive(try Self.batch(second, by: xia), from: honest, writable: { _ in true })
        _ = engine.receive(try Self.batch(first, by: yan), from: honest, writable: { _ in true })
        #expect(engine.book.refused == refusedBefore)
        #expect(engine.replicas[Self.plan]?.note?.text == "ab")
    }
}

struct NothingCommitted: Error {}
