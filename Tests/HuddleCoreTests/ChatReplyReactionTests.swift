import HuddleCore
import Testing

@Suite("Replies and reactions in the chat log")
struct ChatReplyReactionTests {
    static let alice = ReplicaID(1), bob = ReplicaID(2), carol = ReplicaID(3)

    /// Applies every change of `from` that `to` lacks.
    static func sync(_ from: ChatLog, into to: inout ChatLog) throws {
        for change in from.changes(since: to.version) { _ = try to.apply(change) }
    }

    @Test("a reply names what it answers, on every replica and through the encodings")
    func replyNamesItsTarget() throws {
        var alice = ChatLog(replica: Self.alice), bob = ChatLog(replica: Self.bob)
        let question = try alice.post(body: "lunch?", wallTime: 1)
        let asked = MessageID(replica: Self.alice, seq: question.startSeq)
        try Self.sync(alice, into: &bob)
        let answer = try bob.reply(to: asked, body: "yes", wallTime: 2)
        #expect(try ChatChange(decoding: answer.encoded) == answer)
        try Self.sync(bob, into: &alice)
        for log in [alice, bob, try ChatLog(decoding: alice.encoded(), replica: Self.carol)] {
            #expect(log.messages.map(\.body) == ["lunch?", "yes"] && log.messages[1].replyTo == asked)
        }
        let edited = try bob.edit(MessageID(replica: Self.bob, seq: answer.startSeq), body: "yes, at 1", wallTime: 3)
        _ = try alice.apply(edited)
        #expect(alice.messages[1].replyTo == asked && alice.revisions(of: alice.messages[1].id).count == 2, "a reply is a message like any other")
    }

    @Test("reactions converge as a set per reacting peer, whatever order the changes arrive in", arguments: [UInt64(1), 2, 3, 4, 5])
    func reactionsConverge(seed: UInt64) throws {
        var alice = ChatLog(replica: Self.alice), bob = ChatLog(replica: Self.bob), carol = ChatLog(replica: Self.carol)
        let post = try alice.post(body: "ship it", wallTime: 1)
        let id = MessageID(replica: Self.alice, seq: post.startSeq)
        try Self.sync(alice, into: &bob)
        try Self.sync(alice, into: &carol)
        _ = try bob.react(to: id, emoji: "👍")
        _ = try bob.react(to: id, emoji: "🎉")
        _ = try bob.react(to: id, emoji: "👍", add: false)
        _ = try carol.react(to: id, emoji: "🎉")
        _ = try alice.react(to: id, emoji: "🎉")
        var changes = bob.changes(since: VersionVector()).filter { $0.author == Self.bob } + carol.changes(since: VersionVector()).filter { $0.author == Self.carol }
        var rng = SplitMix64(seed: seed)
        changes.shuffle(using: &rng)
        for change in changes { _ = try alice.apply(change) }
        try Self.sync(alice, into: &bob)
        try Self.sync(alice, into: &carol)
        let expected = [ChatReactionCount(emoji: "🎉", reactors: [Self.alice, Self.bob, Self.carol])]
        #expect(alice.reactions(on: id) == expected && bob.reactions(on: id) == expected && carol.reactions(on: id) == expected, "seed \(seed)")
    }

    @Test("a reply or reaction to a message that does not exist is refused: a peer cannot make others hold reactions to nothing")
    func reactionToNothingIsRefused() throws {
        var alice = ChatLog(replica: Self.alice)
        let ghost = MessageID(replica: Self.carol, seq: 7)
        for operation in [ChatOperation.react(target: ghost, emoji: "👍", add: true), .reply(target: ghost, body: "hi", wallTime: 0)] {
            let change = ChatChange(author: Self.bob, startSeq: 1, dependencies: [], operations: [operation], lamports: [1])
            #expect(throws: ChatError.self) { try alice.apply(change) }
        }
        #expect(alice.messages.isEmpty)
        #expect(throws: ChatError.noSuchMessage(ghost)) { try alice.react(to: ghost, emoji: "👍") }
    }

    @Test("a reaction flood is bounded: at most 8 emoji per peer per message count, and a reaction is 1 to 32 bytes without spaces or controls")
    func reactionFloodIsBounded() throws {
        var alice = ChatLog(replica: Self.alice), mallory = ChatLog(replica: Self.carol)
        let post = try alice.post(body: "hello", wallTime: 1)
        let id = MessageID(replica: Self.alice, seq: post.startSeq)
        try Self.sync(alice, into: &mallory)
        let emoji = ["😀", "😁", "😂", "🤣", "😃", "😄", "😅", "😆", "😉", "😊", "😋", "😎"]
        let flood = ChatChange(author: Self.carol, startSeq: 1, dependencies: [Dependency(replica: Self.alice, seq: 1)],
                               operations: emoji.map { .react(target: id, emoji: $0, add: true) },
                               lamports: (0..<emoji.count).map { UInt64($0 + 2) })
        _ = try alice.apply(flood)
        #expect(alice.reactions(on: id).count == ChatReaction.maxPerReactor)
        for bad in ["", " ", "a b", "\u{1B}[31m", "\u{202E}x", String(repeating: "👍", count: 9)] {
            #expect(!ChatReaction.isValid(bad), "\(bad.debugDescription)")
            let change = ChatChange(author: Self.bob, startSeq: 1, dependencies: [Dependency(replica: Self.alice, seq: 1)],
                                    operations: [.react(target: id, emoji: bad, add: true)], lamports: [2])
            #expect(throws: DecodeError.self) { try ChatChange(decoding: change.encoded) }
        }
        #expect(ChatReaction.isValid("👩‍👩‍👧‍👦") && ChatReaction.isValid("+1"))
    }
}
