import Foundation
import HuddleCore
import HuddleNet
import HuddleStore
import HuddleTesting
import Testing
@testable import HuddleApp

/// A peer that loses its latest changes (a power cut, an old backup) and writes again would
/// reuse their seqs: its chain forks, and peers that hold the old changes refuse its later
/// ones. It must get its own changes back first, and a fork that happens anyway is reported.
@Suite("Forked chains", .serialized, .stopsPeers)
struct ChainForkTests {
    /// Ann's home as it was after two posts, and bob who since holds five of hers.
    static func annRestoredFromBackup() async throws -> (bob: TestPeer, home: String) {
        let bob = try await TestPeer.start("bob")
        let ann = try await TestPeer.start("ann", staticPeers: ["127.0.0.1:\(bob.port)"])
        for index in 1...2 { _ = try await ann.peer.say("ann \(index)", in: "#general") }
        #expect(try await eventually { try await bob.peer.messages(in: "#general").count == 2 })
        await ann.stop(removing: false)
        let backup = ann.home + "-backup"
        try FileManager.default.copyItem(atPath: ann.home, toPath: backup)
        let again = try await TestPeer.start("ann", staticPeers: ["127.0.0.1:\(bob.port)"], home: ann.home)
        for index in 3...5 { _ = try await again.peer.say("ann \(index)", in: "#general") }
        #expect(try await eventually { try await bob.peer.messages(in: "#general").count == 5 })
        await again.stop(removing: false)
        try FileManager.default.removeItem(atPath: ann.home)
        try FileManager.default.moveItem(atPath: backup, toPath: ann.home)
        return (bob, ann.home)
    }

    @Test("a peer restored from an old backup gets its own changes back from a peer, and its next post follows them everywhere")
    func restoredPeerCatchesUpBeforeWriting() async throws {
        let (bob, home) = try await Self.annRestoredFromBackup()
        let ann = try await TestPeer.start("ann", staticPeers: ["127.0.0.1:\(bob.port)"], home: home)
        #expect(try await eventually { try await ann.peer.status().sessions == 1 })
        _ = try await ann.peer.say("after the restore", in: "#general")
        let expected = (1...5).map { "ann \($0)" } + ["after the restore"]
        #expect(try await eventually { try await bob.peer.messages(in: "#general").map(\.body) == expected },
                "bob takes the new post: it follows ann's whole chain")
        #expect(try await ann.peer.messages(in: "#general").map(\.body) == expected)
        #expect(try await ann.peer.status().forks ?? [] == [])
        #expect(try await bob.peer.status().forks ?? [] == [])
    }

    @Test("a peer that posts before it hears its lost changes back forks its chain: both sides report it, nothing is silent")
    func forkIsReported() async throws {
        let (bob, home) = try await Self.annRestoredFromBackup()
        // Alone: nothing to wait for, so this post reuses seq 3.
        let ann = try await TestPeer.start("ann", home: home)
        _ = try await ann.peer.say("written alone", in: "#general")
        await ann.stop(removing: false)
        let back = try await TestPeer.start("ann", staticPeers: ["127.0.0.1:\(bob.port)"], home: home)
        // Bob sends ann her own changes after her 3: either as he stored them, one run from 3
        // (whose 3 differs from hers), or from 4 (which does not follow her new 3).
        let annForks = try await eventually { try await back.peer.status().forks?.first }
        #expect(annForks?.isSelf == true, "\(String(describing: annForks))")
        #expect(annForks.map { $0.compared ? $0.seq == 3 : $0.seq == 4 } == true, "\(String(describing: annForks))")
        // Ann's next posts take seqs 4 to 6 after her new 3. Bob holds another 3 to 5: he sees
        // her 3 or her 4 beside his (when what she sends starts there) or her 6, which does
        // not follow his 5.
        for index in 1...3 { _ = try await back.peer.say("after the fork \(index)", in: "#general") }
        let bobForks = try await eventually { try await bob.peer.status().forks?.first }
        #expect(bobForks?.isSelf == false, "\(String(describing: bobForks))")
        #expect(bobForks.map { $0.compared ? (3...4).contains($0.seq) : $0.seq == 6 } == true, "\(String(describing: bobForks))")
        #expect(try await bob.peer.messages(in: "#general").count == 5, "bob refuses the forked changes and keeps what he had")
    }
}

/// The same rule on the engine, with the time passed in: what holds writes back, and for how long.
@Suite("Own chains after a start")
struct OwnChainTests {
    final class Clock: @unchecked Sendable {
        private let lock = NSLock()
        private var time = Date(timeIntervalSince1970: 1_800_000_000)
        var now: Date { lock.withLock { time } }
        func advance(_ seconds: TimeInterval) { lock.withLock { time += seconds } }
    }

    static func engine(_ identity: DeviceIdentity, clock: Clock? = nil) throws -> SyncEngine {
        let home = NSTemporaryDirectory() + "huddle-own-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: home, withIntermediateDirectories: true)
        var now: @Sendable () -> Date = { Date() }
        if let clock { now = { clock.now } }
        let store = DocumentStore(database: try HuddleDatabase(path: home + "/db.sqlite"))
        var engine = SyncEngine(identity: identity, store: store, clock: now)
        _ = try engine.load()
        return engine
    }

    @Test("writes wait for a new session's first state and for own changes a peer holds, each at most 3 s, a claim once")
    func ownChainHoldsWritesBack() throws {
        let ann = DeviceIdentity(), bob = DeviceIdentity().peerID
        var before = try Self.engine(ann)
        for index in 1...5 { _ = try before.post("ann \(index)", in: .general, writable: { _ in true }) }
        let runs = try before.store.runs(of: DocumentID.general.description).map(\.run)
        #expect(runs.count == 5)

        let clock = Clock()
        var restored = try Self.engine(ann, clock: clock)
        _ = restored.receive(.changes(ChangeBatch(document: .general, runs: Array(runs.prefix(2)))), from: bob, writable: { _ in true })
        #expect(!restored.isAwaitingFirstState && !restored.isOwnChainBehind(in: .general))

        _ = restored.sessionStarted(with: bob)
        #expect(restored.isAwaitingFirstState, "a session that came up after start has not said what it holds")
        var claim = VersionVector()
        claim[ann.peerID.replicaID] = 5
        _ = restored.receive(.state(SyncState(documents: [DocumentState(document: .general, version: claim)], complete: true)),
                             from: bob, writable: { _ in true })
        #expect(!restored.isAwaitingFirstState)
        #expect(restored.isOwnChainBehind(in: .general), "bob holds ann's 3 to 5")
        _ = restored.receive(.changes(ChangeBatch(document: .general, runs: Array(runs.suffix(3)))), from: bob, writable: { _ in true })
        #expect(!restored.isOwnChainBehind(in: .general), "ann's own changes came back")

        // A claim nobody makes good (a peer lying about ann's chain, to stop her writing)
        // holds writes back 3 s from the first claim, and the document is not held again.
        var fresh = try Self.engine(DeviceIdentity(), clock: clock)
        _ = try fresh.post("mine", in: .general, writable: { _ in true })
        var lie = VersionVector()
        lie[fresh.replicaID] = 1_000_000
        _ = fresh.receive(.state(SyncState(documents: [DocumentState(document: .general, version: lie)], complete: true)), from: bob, writable: { _ in true })
        #expect(fresh.isOwnChainBehind(in: .general), "a lie looks like a claim at first")
        clock.advance(SyncEngine.ownChainWait)
        #expect(!fresh.isOwnChainBehind(in: .general), "and stops holding writes back after 3 s")
        _ = fresh.receive(.state(SyncState(documents: [DocumentState(document: .general, version: lie)], complete: true)), from: bob, writable: { _ in true })
        #expect(!fresh.isOwnChainBehind(in: .general), "repeating it holds nothing back")

        _ = fresh.sessionStarted(with: DeviceIdentity().peerID)
        #expect(fresh.isAwaitingFirstState)
        clock.advance(SyncEngine.ownChainWait)
        #expect(!fresh.isAwaitingFirstState, "a peer that never says what it holds holds writes back 3 s at most")
        clock.advance(SyncEngine.startWindow)
        _ = fresh.sessionStarted(with: DeviceIdentity().peerID)
        #expect(!fresh.isAwaitingFirstState, "sessions long after start hold nothing back")
    }
}

/// A relay that forges the next change of an honest author is not taken for a fork of that
/// author once the author's genuine changes arrive.
@Suite("Forks and forgeries", .serialized, .stopsPeers)
struct ForgedContinuationTests {
    @Test("a forged continuation of bob's chain is reported only until bob's genuine changes arrive")
    func forgeryIsNotAForkOnceGenuineChangesArrive() async throws {
        let ann = try await TestPeer.start("ann")
        let mallory = try await HostilePeer.connect(to: ann.port)
        #expect(try await eventually { try await ann.peer.status().sessions == 1 })
        let bob = DeviceIdentity()
        let genuine = try bobsMessages(["one", "two"], bob: bob)
        try await mallory.send(.changes(ChangeBatch(document: .general, runs: [ChangeRun(genuine[0]).encoded()])))
        // Bob's second change with one byte altered: it does not follow his first.
        var altered = genuine[1].change
        altered[altered.count - 2] ^= 1
        let forged = ChangeRun(authorKey: bob.publicKey, entries: [.init(change: altered, signature: genuine[1].signature)])
        try await mallory.send(.changes(ChangeBatch(document: .general, runs: [forged.encoded()])))
        let reported = try await eventually { try await ann.peer.status().forks?.first }
        #expect(reported?.compared == false && reported?.seq == 2)
        try await mallory.send(.changes(ChangeBatch(document: .general, runs: [ChangeRun(genuine[1]).encoded()])))
        #expect(try await eventually { try await ann.peer.messages(in: "#general").count == 2 })
        #expect(try await ann.peer.status().forks ?? [] == [], "bob's genuine second change arrived: it was no fork")
        await mallory.close()
    }
}
