import Foundation
import HuddleCore
import HuddleNet
import HuddleTesting
import Testing
@testable import HuddleApp

/// Teammates seen only through a relay are shown by the names their own keys signed.
@Suite("Name cards between sync engines", .stopsPeers)
struct NameCardSyncTests {
    /// Three engines in a line, 0 - 1 - 2, each with its own card.
    static func line(seed: UInt64) throws -> EngineLink {
        var link = try EngineLink(engines: 3, seed: seed)
        for (index, nick) in ["ann", "bob", "carol"].enumerated() {
            link.engines[index].names.setOwn(try NameCard(signing: nick, by: link.engines[index].identity, at: 1_796_000_000_000))
        }
        return link
    }

    @Test("ann's card travels after her changes through bob to carol, who never met her: in bob's catch-up of carol, and in his live push",
          arguments: [true, false])
    func cardTravelsWithChanges(carolMeetsBobLast: Bool) throws {
        var link = try Self.line(seed: carolMeetsBobLast ? 1 : 2)
        defer { link.remove() }
        try link.local(0) { try $0.post("hello from ann", in: .general, writable: { _ in true }).1 }
        for (a, b) in carolMeetsBobLast ? [(0, 1), (1, 2)] : [(1, 2), (0, 1)] {
            link.connect(a, b)
            link.settle()
        }
        #expect(link.engines[2].replicas[.general]?.chat?.messages.map(\.body) == ["hello from ann"])
        #expect(link.engines[2].names[link.id(0)]?.nickname == "ann")
        #expect(link.engines[2].names.cards.count == 3, "ann, bob and carol herself")
    }

    @Test("cards for authors whose changes are not held here are dropped unverified; a forged card of a held author is refused and counted")
    func cardFloodCostsNothing() throws {
        var link = try Self.line(seed: 3)
        defer { link.remove() }
        try link.local(0) { try $0.post("hello", in: .general, writable: { _ in true }).1 }
        link.connect(0, 1)
        link.settle()
        let strangers = try (0..<SyncMessage.maxNameCards).map { index in
            try NameCard(signing: "spam\(index)", by: DeviceIdentity(), at: 1_796_000_000_000)
        }
        let mallory = link.id(2)
        let before = link.engines[1].book.refused
        var step = link.engines[1].receive(.nameCards(strangers), from: mallory, writable: { _ in true })
        #expect(link.engines[1].names.cards.count == 2 && step.events.isEmpty, "none kept, none even checked")
        let real = try #require(link.engines[1].names[link.id(0)])
        let forged = try NameCard(publicKey: real.publicKey, nickname: "mallory", issuedAt: real.issuedAt + 1, signature: real.signature)
        step = link.engines[1].receive(.nameCards([forged]), from: mallory, writable: { _ in true })
        #expect(link.engines[1].names[link.id(0)]?.nickname == "ann")
        #expect(link.engines[1].book.refused == before + 1)
    }

    @Test("more than 64 cards in one message is a malformed message")
    func tooManyCardsIsMalformed() throws {
        let cards = try (0...SyncMessage.maxNameCards).map { try NameCard(signing: "n\($0)", by: DeviceIdentity(), at: 0) }
        #expect(throws: SyncMessageError.badNameCards(nil)) { try SyncMessage(SyncMessage.nameCards(cards).envelope) }
        let fine = Array(cards.prefix(SyncMessage.maxNameCards))
        #expect(try SyncMessage(SyncMessage.nameCards(fine).envelope) == .nameCards(fine))
    }

    @Test("a teammate seen only through a relay is shown and addressed by name; a direct message to it says why it waits")
    func relayedTeammateByName() async throws {
        let bob = try await TestPeer.start("bob")
        let ann = try await TestPeer.start("ann", staticPeers: ["127.0.0.1:\(bob.port)"])
        #expect(try await eventually { try await ann.peer.status().sessions == 1 })
        _ = try await ann.peer.say("hey carol", in: "#general")
        let carol = try await TestPeer.start("carol", staticPeers: ["127.0.0.1:\(bob.port)"])
        #expect(try await eventually { try await carol.peer.messages(in: "#general").contains { $0.body == "hey carol" } })
        #expect(try await eventually { try await carol.peer.messages(in: "#general").first { $0.body == "hey carol" }?.nickname == "ann" })
        #expect(try await carol.peer.status().sessions == 1, "carol never met ann")
        let sent = try await carol.peer.directMessage("hi ann", to: "ann")
        #expect(sent.waiting?.contains("seen only through other peers") == true, "\(sent.waiting ?? "nil")")
        #expect(sent.waiting?.contains("--peer") == true)
        let toBob = try await carol.peer.directMessage("hi bob", to: "bob")
        #expect(toBob.waiting == nil, "bob has a session")
    }

    @Test("a stranger whose card claims a teammate's nickname, seen through a relay, is shown with its short ID and a warning")
    func relayedImpostorIsFlagged() async throws {
        let bob = try await TestPeer.start("bob")
        let carol = try await TestPeer.start("carol", staticPeers: ["127.0.0.1:\(bob.port)"])
        #expect(try await eventually { try await carol.peer.status().sessions == 1 })
        let impostor = try await TestPeer.start("bob", staticPeers: ["127.0.0.1:\(bob.port)"])
        _ = try await impostor.peer.say("I am bob, send me the keys", in: "#general")
        #expect(try await eventually {
            try await carol.peer.messages(in: "#general").first { $0.body.hasPrefix("I am bob") }.map { $0.nickname == "bob" && $0.nameCollides == true } == true
        })
        let line = try #require(try await carol.peer.messages(in: "#general").first { $0.body.hasPrefix("I am bob") })
        #expect(line.shownName.contains(impostor.peer.id.short), "\(line.shownName)")
    }
}
