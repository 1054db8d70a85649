import Foundation
import HuddleCore
import HuddleNet
import HuddleTesting
import Testing
@testable import HuddleApp

/// Where your messages arrived: "✓ all" or "→ 1 of 2", from what peers say they hold.
@Suite("Delivery", .serialized, .stopsPeers)
struct DeliveryTests {
    static func summary(_ peer: TestPeer, _ id: String, in chat: String) async throws -> String? {
        try await peer.peer.messages(in: chat).first { $0.id == id }?.delivery?.summary
    }

    @Test("ann's message shows ✓ all once bob stored it, and a teammate's message shows nothing; the update is an event")
    func deliveredToTheOnlyTeammate() async throws {
        let bob = try await TestPeer.start("bob")
        let ann = try await TestPeer.start("ann", staticPeers: ["127.0.0.1:\(bob.port)"])
        #expect(try await eventually { try await ann.peer.status().sessions == 1 })
        let events = await ann.peer.subscribe()
        let posted = try await ann.peer.say("did you get this?", in: "#general")
        #expect(try await eventually { try await Self.summary(ann, posted.id, in: "#general") == "✓ all" })
        let line = try #require(try await ann.peer.messages(in: "#general").first { $0.id == posted.id })
        #expect(line.delivery?.deliveredTo.map(\.nickname) == ["bob"] && line.delivery?.waitingFor == [])
        var updated = false
        for await event in events {
            if case let .chatUpdated(changed) = event, changed.id == posted.id, changed.delivery?.summary == "✓ all" { updated = true; break }
        }
        #expect(updated)
        #expect(try await eventually { try await bob.peer.messages(in: "#general").count == 1 })
        #expect(try await bob.peer.messages(in: "#general").first?.delivery == nil, "only your own messages say where they arrived")
    }

    @Test("a direct message to a teammate who is away waits (→ 0 of 1, not yet: bob) and shows ✓ all once they meet")
    func waitsForTheOtherPeer() async throws {
        let bob = try await TestPeer.start("bob")
        let bobPort = bob.port
        let ann = try await TestPeer.start("ann", staticPeers: ["127.0.0.1:\(bobPort)"])
        #expect(try await eventually { try await ann.peer.status().sessions == 1 })
        _ = try await ann.peer.directMessage("first", to: "bob")
        let conversation = DocumentID.direct(between: ann.peer.id, and: bob.peer.id)
        #expect(try await eventually { try await ann.peer.messages(in: conversation).first?.delivery?.summary == "✓ all" })
        await bob.stop(removing: false)
        #expect(try await eventually { try await ann.peer.status().sessions == 0 })
        let waiting = try await ann.peer.directMessage("second", to: "bob")
        let held = try #require(try await ann.peer.messages(in: conversation).first { $0.id == waiting.id }?.delivery)
        #expect(held.summary == "→ 0 of 1" && held.waitingFor.map(\.nickname) == ["bob"])
        let again = try await TestPeer.start("bob", port: bobPort, home: bob.home)
        #expect(try await eventually { try await again.peer.messages(in: conversation).count == 2 })
        #expect(try await eventually { try await ann.peer.messages(in: conversation).last?.delivery?.summary == "✓ all" })
    }

    @Test("an attack of delivery reports: a claim past what ann wrote is cut to it, one about a chat the stranger may not see is dropped, one naming too many authors is refused")
    func hostileReports() async throws {
        let bob = try await TestPeer.start("bob")
        let ann = try await TestPeer.start("ann", staticPeers: ["127.0.0.1:\(bob.port)"])
        #expect(try await eventually { try await ann.peer.status().sessions == 1 })
        _ = try await ann.peer.directMessage("between us", to: "bob")
        let posted = try await ann.peer.say("hello", in: "#general")
        let conversation = DocumentID.direct(between: ann.peer.id, and: bob.peer.id)
        let mallory = try await HostilePeer.connect(to: ann.port)
        #expect(try await eventually { try await ann.peer.status().sessions == 2 })
        var claim = VersionVector()
        claim[ann.peer.id.replicaID] = .max
        try await mallory.send(.held(DocumentState(document: .general, version: claim)))
        try await mallory.send(.held(DocumentState(document: conversation, version: claim)))
        let refusedBefore = await ann.peer.syncCounters().refused
        var tooMany = Huddle_V1_Envelope()
        tooMany.held.document = DocumentID.general.description
        tooMany.held.version = (0..<65).map { index in Huddle_V1_VersionEntry.with { $0.replica = Data(repeating: UInt8(index), count: 32); $0.seq = 1 } }
        try await mallory.send(tooMany)
        #expect(try await eventually { await ann.peer.syncCounters().refused > refusedBefore }, "too many authors: malformed, counted")
        let general = try #require(try await ann.peer.messages(in: "#general").first { $0.id == posted.id }?.delivery)
        #expect(general.deliveredTo.map(\.nickname).contains("mallory"), "mallory holds the lobby channel")
        #expect(await ann.peer.sync.delivery.held[.general]?[mallory.identity.peerID] == 1, "cut to the one seq ann wrote there")
        let direct = try #require(try await ann.peer.messages(in: conversation).first?.delivery)
        #expect(direct.deliveredTo.map(\.nickname) == ["bob"], "the conversation's member is bob alone")
        #expect(await ann.peer.sync.delivery.held[conversation]?[mallory.identity.peerID] == nil, "mallory's report about it was dropped, not kept")
    }
}
