import Foundation
import HuddleNet
import HuddleTesting
import Testing
@testable import HuddleApp
@testable import HuddleCore

/// Each attack of the hardening issue, sent by a peer with its own key over the real protocol
/// to a real peer (ann), while an honest peer (bob) is connected to her too. Ann must refuse
/// what is hostile, hold no more than her budgets (asserted on the sizes of her structures),
/// and go on syncing with bob in the same test.
@Suite("A hostile peer", .serialized, .stopsPeers)
struct HostilePeerTests {
    /// Ann holding `#general` and the note "plan", bob connected to her, and mallory.
    static func victim() async throws -> (ann: TestPeer, bob: TestPeer, mallory: HostilePeer) {
        let ann = try await TestPeer.start("ann")
        _ = try await ann.peer.say("welcome", in: "#general")
        try await ann.peer.appendToNote("plan", text: "ship on Friday\n")
        let bob = try await TestPeer.start("bob", staticPeers: ["127.0.0.1:\(ann.port)"])
        #expect(try await eventually { try await bob.peer.messages(in: "#general").count == 1 })
        let mallory = try await HostilePeer.connect(to: ann.port)
        #expect(try await eventually { try await ann.peer.status().sessions == 2 }, "mallory's session is up")
        return (ann, bob, mallory)
    }

    /// Whether a message bob posts now reaches ann: she still syncs with an honest peer.
    static func stillSyncs(_ ann: TestPeer, _ bob: TestPeer, _ tag: String = "still here") async throws -> Bool {
        _ = try await bob.peer.say(tag, in: "#general")
        return try await eventually { try await ann.peer.messages(in: "#general").contains { $0.body == tag } }
    }

    @Test("a note change whose deletes would spend 2^32 seqs is refused, and the note's memory follows its text")
    func seqInflation() async throws {
        let (ann, bob, mallory) = try await Self.victim()
        let before = await ann.peer.syncFootprint()
        // Four scalars inserted, then deleted again and again in the same change: 2^32 seqs.
        for message in try HostileMessages.seqInflation(by: mallory.identity, in: try .note("plan")) { try await mallory.send(message) }
        #expect(try await eventually { await ann.peer.syncCounters().refused >= 1 })
        #expect(try await ann.peer.noteText("plan") == "ship on Friday\n")
        let after = await ann.peer.syncFootprint()
        #expect(after.documents == before.documents && after.pendingBytes == 0)
        #expect(try await Self.stillSyncs(ann, bob))
    }

    @Test("a chat clock pushed to 2^62 is refused, and #general stays writable for everyone")
    func lamportExhaustion() async throws {
        let (ann, bob, mallory) = try await Self.victim()
        for message in try HostileMessages.lamportJump(by: mallory.identity) { try await mallory.send(message) }
        #expect(try await eventually { await ann.peer.syncCounters().refused >= 1 })
        _ = try await ann.peer.say("ann can still post", in: "#general")
        #expect(try await eventually { try await bob.peer.messages(in: "#general").contains { $0.body == "ann can still post" } })
        #expect(try await Self.stillSyncs(ann, bob))
    }

    @Test("SyncStates naming 20,000 notes and 100 authors each create nothing and are not remembered")
    func syncStateFlood() async throws {
        let (ann, bob, mallory) = try await Self.victim()
        let before = await ann.peer.syncFootprint()
        for page in 0..<20 { try await mallory.send(try HostileMessages.stateFlood(page: page, complete: page == 19)) }
        let authors = (0..<100).map { _ in DeviceIdentity().peerID.replicaID }
        // A real state about what ann holds, naming authors she has never heard of.
        var claim = VersionVector()
        for author in authors { claim[author] = 1_000_000 }
        try await mallory.send(.state(SyncState(documents: [DocumentState(document: .general, version: claim)], complete: false)))
        #expect(try await Self.stillSyncs(ann, bob), "ann read every page (messages are handled in order)")
        let after = await ann.peer.syncFootprint()
        #expect(after.documents == before.documents, "no document came from a claim")
        #expect(after.knownDocuments <= 2 * after.documents, "only documents ann holds are remembered, per peer")
        #expect(after.knownEntries <= 2 * after.documents * 3, "and only authors ann knows")
    }

    @Test("2,000 throwaway authors posting once each fill only a stranger's share of authors")
    func throwawayAuthors() async throws {
        let (ann, bob, mallory) = try await Self.victim()
        for message in try HostileMessages.throwawayAuthors(2000) { try await mallory.send(message) }
        #expect(try await eventually { await ann.peer.syncCounters().refused >= 2000 - SyncBook.authorsPerStranger })
        let footprint = await ann.peer.syncFootprint()
        #expect(footprint.strangerAuthors <= SyncBook.authorsPerStranger)
        #expect(footprint.authors <= SyncBook.authorsPerStranger + 4)
        #expect(try await Self.stillSyncs(ann, bob))
    }

    @Test("changes whose dependency never arrives wait within one sender's budget, and honest changes still apply")
    func changesThatNeverApply() async throws {
        let (ann, bob, mallory) = try await Self.victim()
        // A chain of posts that each follow a change of a ghost author that nobody has.
        for message in try HostileMessages.neverApplying(4000, by: mallory.identity) { try await mallory.send(message) }
        #expect(try await Self.stillSyncs(ann, bob, "after 3.6 MB of changes that wait"))
        let footprint = await ann.peer.syncFootprint()
        #expect(footprint.pendingBytes <= PendingChanges.maxBytesPerAuthor, "one sender fills its share and no more")
        #expect(footprint.pendingBytes > 0, "the changes did reach the pending area")
    }

    @Test("random bytes, a frame that claims 4 GiB, and a frame cut short: each closes only mallory's session")
    func garbageFrames() async throws {
        let (ann, bob, mallory) = try await Self.victim()
        var random = SplitMix64(seed: 20261207)
        try await mallory.sendRaw((0..<4096).map { _ in UInt8(truncatingIfNeeded: random.next()) })
        #expect(try await eventually { !mallory.isConnected }, "random bytes close the session")

        let liar = try await HostilePeer.connect(to: ann.port, as: "liar")
        try await liar.sendRaw([0xFF, 0xFF, 0xFF, 0xFF, 1, 2, 3])
        #expect(try await eventually { !liar.isConnected }, "a frame longer than the limit closes the session before it is buffered")

        // Half of a 1 MiB frame, then silence: ann holds at most what the frame may be.
        let stall = try await HostilePeer.connect(to: ann.port, as: "stall")
        try await stall.sendRaw(HostilePeer.frame([UInt8](repeating: 0x0A, count: 1 << 20)).prefix(600_000).map { $0 })
        #expect(try await Self.stillSyncs(ann, bob, "while a frame waits"))
        await stall.close()
        #expect(try await Self.stillSyncs(ann, bob))
        #expect(try await ann.peer.status().sessions >= 1)
    }

    @Test("complete empty SyncStates sent over and over get ann's history resent at most once per 5 seconds")
    func repeatedEmptyStates() async throws {
        let (ann, bob, mallory) = try await Self.victim()
        for index in 0..<200 { _ = try await ann.peer.say("history \(index) " + String(repeating: "h", count: 200), in: "#general") }
        try await mallory.send(.state(SyncState(documents: [], complete: true)))
        #expect(try await eventually { mallory.received > 200 * 200 })
        let once = mallory.received
        for _ in 0..<100 { try await mallory.send(HostileMessages.emptyState) }
        #expect(try await Self.stillSyncs(ann, bob))
        #expect(mallory.received < 3 * once, "100 empty states cost at most one more history: \(mallory.received) bytes after \(once)")
    }
}
