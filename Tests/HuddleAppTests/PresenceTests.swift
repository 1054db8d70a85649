import Foundation
import HuddleCore
import HuddleNet
import HuddleTesting
import Testing
@testable import HuddleApp

/// Presence (here, away, do not disturb, a status text) and "is typing…", between peers over
/// loopback, and against a hostile peer.
@Suite("Presence and typing", .serialized, .stopsPeers)
struct PresenceTests {
    static func pair() async throws -> (ann: TestPeer, bob: TestPeer) {
        let bob = try await TestPeer.start("bob")
        let ann = try await TestPeer.start("ann", staticPeers: ["127.0.0.1:\(bob.port)"])
        #expect(try await eventually { try await ann.peer.status().sessions == 1 })
        #expect(try await eventually { try await bob.peer.status().sessions == 1 })
        return (ann, bob)
    }

    static func presence(of nickname: String, at peer: TestPeer) async throws -> Presence? {
        try await peer.peer.peers().first { $0.nickname == nickname }?.presence
    }

    @Test("ann goes away with a text: bob sees it at once; it is saved, so after a restart bob sees it again")
    func awayIsSeenAndSaved() async throws {
        let (ann, bob) = try await Self.pair()
        #expect(try await eventually { try await Self.presence(of: "ann", at: bob) == .here }, "sent at the start of the session")
        try await ann.peer.setPresence(Presence(availability: .away, text: "lunch, back at 2"))
        #expect(try await eventually { try await Self.presence(of: "ann", at: bob) == Presence(availability: .away, text: "lunch, back at 2") })
        #expect(try await ann.peer.status().presence?.availability == .away)
        await ann.stop(removing: false)
        #expect(try await eventually { try await Self.presence(of: "ann", at: bob) == nil }, "no session, no presence")
        let again = try await TestPeer.start("ann", staticPeers: ["127.0.0.1:\(bob.port)"], home: ann.home)
        #expect(await again.peer.presence.availability == .away)
        #expect(try await eventually { try await Self.presence(of: "ann", at: bob)?.text == "lunch, back at 2" })
        try await again.peer.setPresence(.here)
        #expect(try await eventually { try await Self.presence(of: "ann", at: bob) == .here })
    }

    @Test("an away set after idle time is not saved: the next start is here")
    func automaticAwayIsNotSaved() async throws {
        let ann = try await TestPeer.start("ann")
        try await ann.peer.setPresence(Presence(availability: .away, text: ""), automatic: true)
        #expect(await ann.peer.isAutomaticallyAway)
        await ann.stop(removing: false)
        let again = try await TestPeer.start("ann", home: ann.home)
        #expect(await again.peer.presence == .here)
    }

    @Test("bob sees ann typing in #general until she posts; a stop ends it; a repeat is one notice")
    func typingComesAndGoes() async throws {
        let (ann, bob) = try await Self.pair()
        let events = await bob.peer.subscribe()
        await ann.peer.typing(in: .general, true)
        #expect(try await eventually { await bob.peer.typers(in: .general) == ["ann"] })
        await ann.peer.typing(in: .general, true) // within 3 s: not sent again
        _ = try await ann.peer.say("done typing", in: "#general")
        #expect(try await eventually { await bob.peer.typers(in: .general).isEmpty }, "a message from ann ends her typing")
        var seen: [[String]] = []
        for await event in events {
            if case let .typing(document, nicknames) = event, document == .general { seen.append(nicknames) }
            if seen.count == 2 { break }
        }
        #expect(seen == [["ann"], []], "one event when she started, one when she stopped")
    }

    @Test("typing in a direct conversation reaches only its other peer")
    func typingInDirectConversation() async throws {
        let bob = try await TestPeer.start("bob")
        let ann = try await TestPeer.start("ann", staticPeers: ["127.0.0.1:\(bob.port)"])
        let carl = try await TestPeer.start("carl", staticPeers: ["127.0.0.1:\(bob.port)", "127.0.0.1:\(ann.port)"])
        #expect(try await eventually { try await ann.peer.status().sessions == 2 })
        _ = try await ann.peer.directMessage("psst", to: "bob")
        let conversation = DocumentID.direct(between: ann.peer.id, and: bob.peer.id)
        #expect(try await eventually { (try? await bob.peer.messages(in: conversation))?.count == 1 })
        await ann.peer.typing(in: conversation, true)
        #expect(try await eventually { await bob.peer.typers(in: conversation) == ["ann"] })
        #expect(await carl.peer.typers(in: conversation).isEmpty)
    }

    @Test("an attack of typing notices about chats a stranger may not write, and of oversized statuses, changes nothing")
    func hostileTypingAndStatus() async throws {
        let (ann, bob) = try await Self.pair()
        let mallory = try await HostilePeer.connect(to: ann.port)
        #expect(try await eventually { try await ann.peer.status().sessions == 2 })
        // The conversation of ann and bob is theirs: a third peer's notice about it is dropped.
        let conversation = DocumentID.direct(between: ann.peer.id, and: bob.peer.id)
        _ = try await bob.peer.directMessage("hi", to: "ann")
        #expect(try await eventually { (try? await ann.peer.messages(in: conversation))?.count == 1 })
        try await mallory.send(.typing(document: conversation, typing: true))
        try await mallory.send(.status(Presence(availability: .away, text: "marker"))) // handled after the notice
        #expect(try await eventually { try await Self.presence(of: "mallory", at: ann)?.text == "marker" })
        #expect(await ann.peer.typers(in: conversation).isEmpty)
        for _ in 0..<500 { try await mallory.send(.typing(document: .general, typing: true)) }
        #expect(try await eventually { await ann.peer.typers(in: .general) == ["mallory"] })
        var status = Huddle_V1_Envelope()
        status.status.availability = 1
        status.status.text = String(repeating: "x", count: Presence.maxTextBytes + 1)
        try await mallory.send(status)
        status.status.availability = 99
        status.status.text = "line one\nline two " + String(repeating: "é", count: 200)
        try await mallory.send(status)
        #expect(try await eventually { try await Self.presence(of: "mallory", at: ann)?.availability == .here })
        let shown = try #require(try await eventually { try await Self.presence(of: "mallory", at: ann) })
        #expect(shown.availability == .here && shown.text.count == Presence.maxTextCharacters && !shown.text.contains("\n"),
                "an unknown availability reads as here; the text is cut to one line of 64 characters")
        #expect(try await ann.peer.syncCounters().refused >= 1, "the oversized status was refused and counted")
        await mallory.close()
        #expect(try await eventually { await ann.peer.typers(in: .general).isEmpty }, "its typing goes with its session")
    }
}

/// The presence book as a value, with the time passed in.
@Suite("Presence book")
struct PresenceBookTests {
    let ann = DeviceIdentity().peerID, bob = DeviceIdentity().peerID

    @Test("a typing notice lasts 6 s without a repeat; expiry reports the chat and the next deadline")
    func typingExpires() {
        var book = PresenceBook()
        #expect(book.typing(ann, in: .general, true, at: 1_000) == [.general])
        #expect(book.typing(ann, in: .general, true, at: 3_000).isEmpty, "a repeat changes nothing")
        #expect(book.typing(bob, in: .general, true, at: 4_000) == [.general])
        #expect(book.typers(in: .general, at: 8_999) == [ann, bob].sorted())
        #expect(book.nextExpiry == 9_000)
        let (changed, next) = book.expire(at: 9_000)
        #expect(changed == [.general] && next == 10_000)
        #expect(book.typers(in: .general, at: 9_000) == [bob])
    }

    @Test("this peer says it types at most every 3 s, and says it stopped only after a start")
    func sendingIsThrottled() {
        var book = PresenceBook()
        func send(_ typing: Bool, at now: Int64) -> Bool { book.shouldSend(typing: typing, in: .general, at: now) }
        #expect(!send(false, at: 0))
        #expect(send(true, at: 0))
        #expect(!send(true, at: 2_999))
        #expect(send(true, at: 3_000))
        #expect(send(false, at: 3_100))
        #expect(!send(false, at: 3_200))
    }
}

/// Notification levels kept per chat on this device.
@Suite("Notification levels", .serialized, .stopsPeers)
struct NotificationLevelPeerTests {
    @Test("a chat's level is chosen, listed, kept after a restart, and back to its default; an unknown chat is refused")
    func chosenAndKept() async throws {
        let ann = try await TestPeer.start("ann")
        _ = try await ann.peer.say("hi", in: "#random")
        #expect(try await ann.peer.notificationLevel(for: "#random") == .mentions)
        try await ann.peer.setNotificationLevel(.mute, for: "#random")
        await ann.stop(removing: false)
        let again = try await TestPeer.start("ann", home: ann.home)
        #expect(try await again.peer.notificationLevel(for: "#random") == .mute)
        let listed = try await again.peer.documentList().first { $0.name == "#random" }
        #expect(listed?.notifications == .mute)
        try await again.peer.setNotificationLevel(nil, for: "#random")
        #expect(try await again.peer.notificationLevel(for: "#random") == .mentions)
        await #expect(throws: PeerError.noSuchDocument("#nowhere")) { try await again.peer.setNotificationLevel(.all, for: "#nowhere") }
    }
}
