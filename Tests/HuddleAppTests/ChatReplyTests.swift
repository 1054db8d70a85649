import Foundation
import HuddleCore
import HuddleTesting
import Testing
@testable import HuddleApp

/// Replies and reactions between peers over loopback.
@Suite("Replies and reactions between peers", .serialized, .stopsPeers)
struct ChatReplyTests {
    @Test("bob answers ann's message: ann sees the reply with the first line it quotes; an edit of the question shows in the quote")
    func replyQuotesWhatItAnswers() async throws {
        let (ann, bob) = try await ChatEditTests.pair()
        let question = try await ann.peer.say("lunch at 12?\nor later", in: "#general")
        #expect(try await eventually { try await bob.peer.messages(in: "#general").count == 1 })
        let answer = try await bob.peer.reply(to: question.id, text: "12 works")
        #expect(answer.replyTo == question.id && answer.quoted == "lunch at 12?" && answer.quotedNickname == "ann")
        #expect(try await eventually { try await ann.peer.messages(in: "#general").last?.replyTo == question.id })
        let seen = try await ann.peer.messages(in: "#general").last
        #expect(seen?.body == "12 works" && seen?.quoted == "lunch at 12?" && seen?.nickname == "bob")
        _ = try await ann.peer.editMessage(question.id, text: "lunch at 1?")
        #expect(try await eventually { try await bob.peer.messages(in: "#general").last?.quoted == "lunch at 1?" })
        try await ann.peer.deleteMessage(question.id)
        #expect(try await eventually { try await bob.peer.messages(in: "#general").last?.quoted == "" }, "a deleted question quotes nothing")
        await #expect(throws: PeerError.self) { try await bob.peer.reply(to: question.id, text: "too late") }
    }

    @Test("reactions from both peers are counted on both, with who reacted; one taken back is gone; a repeat is refused with a reason")
    func reactionsConvergeBetweenPeers() async throws {
        let (ann, bob) = try await ChatEditTests.pair()
        let posted = try await ann.peer.say("shipped 🚀", in: "#general")
        #expect(try await eventually { try await bob.peer.messages(in: "#general").count == 1 })
        _ = try await bob.peer.react(to: posted.id, emoji: "🎉")
        _ = try await bob.peer.react(to: posted.id, emoji: "👍")
        let mine = try await ann.peer.react(to: posted.id, emoji: "🎉")
        #expect(mine.reactions.first { $0.emoji == "🎉" }?.mine == true)
        _ = try await bob.peer.react(to: posted.id, emoji: "👍", remove: true)
        let expected = [ChatLine.Reaction(emoji: "🎉", count: 2, mine: false, nicknames: [])]
        for (peer, other) in [(ann, "bob"), (bob, "ann")] {
            #expect(try await eventually {
                let reactions = try await peer.peer.messages(in: "#general").first?.reactions ?? []
                return reactions.map(\.emoji) == expected.map(\.emoji) && reactions.first?.count == 2
                    && reactions.first?.nicknames.contains(other) == true
            })
        }
        await #expect(throws: PeerError.refused("you reacted 🎉 to \(posted.id) already")) { try await ann.peer.react(to: posted.id, emoji: "🎉") }
        await #expect(throws: PeerError.self) { try await ann.peer.react(to: posted.id, emoji: "no spaces") }
    }
}
