import Foundation
import HuddleCore
import HuddleTesting
import Testing
@testable import HuddleApp

/// Editing and deleting your own messages, between peers over loopback.
@Suite("Editing and deleting messages", .serialized, .stopsPeers)
struct ChatEditTests {
    static func pair() async throws -> (ann: TestPeer, bob: TestPeer) {
        let bob = try await TestPeer.start("bob")
        let ann = try await TestPeer.start("ann", staticPeers: ["127.0.0.1:\(bob.port)"])
        #expect(try await eventually { try await ann.peer.status().sessions == 1 })
        return (ann, bob)
    }

    @Test("ann edits her message: bob sees it edited and both texts on request; she deletes it: bob sees 'message deleted' in its place")
    func editThenDelete() async throws {
        let (ann, bob) = try await Self.pair()
        let posted = try await ann.peer.say("lunch at 12?", in: "#general")
        _ = try await ann.peer.say("or later", in: "#general")
        #expect(try await eventually { try await bob.peer.messages(in: "#general").count == 2 })
        let edited = try await ann.peer.editMessage(posted.id, text: "lunch at 1?")
        #expect(edited.edited && edited.body == "lunch at 1?" && edited.id == posted.id)
        #expect(try await eventually { try await bob.peer.messages(in: "#general").first?.body == "lunch at 1?" })
        let seen = try await bob.peer.messageRevisions(posted.id)
        #expect(seen.revisions.map(\.body) == ["lunch at 12?", "lunch at 1?"] && seen.message.edited)
        try await ann.peer.deleteMessage(posted.id, in: "#general")
        #expect(try await eventually { try await bob.peer.messages(in: "#general").first?.deleted == true })
        let lines = try await bob.peer.messages(in: "#general")
        #expect(lines.map(\.body) == ["", "or later"] && lines[0].id == posted.id, "the deleted message keeps its place, without its text")
        await #expect(throws: PeerError.noSuchMessage(posted.id + " (it was deleted)")) { try await ann.peer.editMessage(posted.id, text: "back") }
    }

    @Test("bob cannot edit or delete ann's message: only its author can")
    func teammatesMessageIsRefused() async throws {
        let (ann, bob) = try await Self.pair()
        let posted = try await ann.peer.say("mine", in: "#general")
        #expect(try await eventually { try await bob.peer.messages(in: "#general").count == 1 })
        await #expect(throws: PeerError.notYourMessage(posted.id)) { try await bob.peer.editMessage(posted.id, text: "hacked") }
        await #expect(throws: PeerError.notYourMessage(posted.id)) { try await bob.peer.deleteMessage(posted.id) }
        #expect(try await ann.peer.messages(in: "#general").map(\.body) == ["mine"])
    }

    @Test("an ID held in two chats must say which; a malformed or unknown ID is named")
    func ambiguousAndUnknownIDs() async throws {
        let ann = try await TestPeer.start("ann")
        let first = try await ann.peer.say("in general", in: "#general")
        let other = try await ann.peer.say("in dev", in: "#dev")
        #expect(first.id == other.id, "seqs count per chat")
        await #expect(throws: PeerError.ambiguousMessage(first.id, chats: ["#dev", "#general"])) {
            try await ann.peer.editMessage(first.id, text: "which?")
        }
        let edited = try await ann.peer.editMessage(first.id, text: "in dev, edited", in: "#dev")
        #expect(edited.document == (try DocumentID.channel("dev")))
        #expect(try await ann.peer.messages(in: "#general").map(\.body) == ["in general"])
        for bad in ["nonsense", "ABCDEFG@0", "ABCDEFG@x", "ABCDEFG@5"] {
            await #expect(throws: PeerError.noSuchMessage(bad)) { try await ann.peer.deleteMessage(bad) }
        }
    }

    @Test("edits and deletes survive a restart, and reach a teammate who was offline")
    func survivesRestartAndReachesLateTeammate() async throws {
        let ann = try await TestPeer.start("ann")
        let posted = try await ann.peer.say("draft", in: "#general")
        let gone = try await ann.peer.say("oops", in: "#general")
        _ = try await ann.peer.editMessage(posted.id, text: "final")
        try await ann.peer.deleteMessage(gone.id)
        await ann.stop(removing: false)
        let again = try await TestPeer.start("ann", home: ann.home)
        #expect(try await again.peer.messageRevisions(posted.id).revisions.map(\.body) == ["draft", "final"])
        let bob = try await TestPeer.start("bob", staticPeers: ["127.0.0.1:\(again.port)"])
        #expect(try await eventually { try await bob.peer.messages(in: "#general").map(\.deleted) == [false, true] })
        #expect(try await bob.peer.messages(in: "#general").first?.body == "final")
    }
}
