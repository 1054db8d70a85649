import HuddleCore
import Testing

@Suite("A message's earlier texts and its place after a delete")
struct ChatRevisionTests {
    @Test("an edited message keeps every text it had, oldest first, on every replica and through a snapshot")
    func revisionsAreKept() throws {
        var alice = ChatLog(replica: ReplicaID(1)), bob = ChatLog(replica: ReplicaID(2))
        let post = try alice.post(body: "helo", wallTime: 1)
        let id = MessageID(replica: ReplicaID(1), seq: post.startSeq)
        _ = try alice.post(body: "another", wallTime: 2)
        _ = try alice.edit(id, body: "hello", wallTime: 3)
        _ = try alice.edit(id, body: "hello all", wallTime: 4)
        for change in alice.changes(since: VersionVector()) { _ = try bob.apply(change) }
        let expected = [ChatRevision(body: "helo", wallTime: 1), ChatRevision(body: "hello", wallTime: 3), ChatRevision(body: "hello all", wallTime: 4)]
        #expect(alice.revisions(of: id) == expected && bob.revisions(of: id) == expected)
        #expect(try ChatLog(decoding: bob.encoded(), replica: ReplicaID(3)).revisions(of: id) == expected)
        #expect(bob.revisions(of: MessageID(replica: ReplicaID(1), seq: 2)).map(\.body) == ["another"])
        #expect(bob.revisions(of: MessageID(replica: ReplicaID(1), seq: 9)).isEmpty)
    }

    @Test("a deleted message keeps its place in the timeline with none of its texts; the others read on")
    func deletedMessageKeepsItsPlace() throws {
        var alice = ChatLog(replica: ReplicaID(1)), bob = ChatLog(replica: ReplicaID(2))
        let first = try alice.post(body: "first", wallTime: 1)
        _ = try alice.post(body: "second", wallTime: 2)
        let id = MessageID(replica: ReplicaID(1), seq: first.startSeq)
        _ = try alice.edit(id, body: "first, edited", wallTime: 3)
        _ = try alice.delete(id)
        for change in alice.changes(since: VersionVector()) { _ = try bob.apply(change) }
        #expect(bob.timeline.map(\.id.seq) == [1, 2] && bob.messages.map(\.body) == ["second"])
        #expect(bob.isDeleted(id) && bob.posted(id) != nil && bob.message(id) == nil)
        #expect(bob.revisions(of: id).isEmpty, "a deleted message's texts are not offered")
    }

    @Test("a peer's edit can only name its own messages: an edit of a seq it never posted is refused")
    func editOfAnotherAuthorsMessageIsRefused() throws {
        var alice = ChatLog(replica: ReplicaID(1)), mallory = ChatLog(replica: ReplicaID(3))
        let post = try alice.post(body: "pay bob", wallTime: 1)
        _ = try mallory.apply(post)
        // Mallory's edit names seq 1 of her own chain (edits carry no author), which is no message.
        let forged = ChatChange(author: ReplicaID(3), startSeq: 1, dependencies: [Dependency(replica: ReplicaID(1), seq: 1)],
                                operations: [.edit(target: 1, body: "pay mallory", wallTime: 2)], lamports: [2])
        #expect(throws: ChatError.self) { try alice.apply(forged) }
        #expect(alice.message(MessageID(replica: ReplicaID(1), seq: 1))?.body == "pay bob")
    }
}
