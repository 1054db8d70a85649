import Testing
import HuddleCore

@Suite("Chat log")
struct ChatTests {
    @Test("messages are ordered by Lamport clock, so a reply follows what it answers despite wall-clock skew")
    func replyFollowsDespiteSkew() throws {
        var alice = ChatLog(replica: ReplicaID(1)), bob = ChatLog(replica: ReplicaID(2))
        let question = try alice.post(body: "lunch?", wallTime: 1_000_000)  // alice's clock runs fast
        _ = try bob.apply(question)
        let answer = try bob.post(body: "yes", wallTime: 5)                  // bob's clock is far behind
        let events = try alice.apply(answer)
        #expect(alice.messages.map(\.body) == ["lunch?", "yes"])
        #expect(bob.messages.map(\.body) == ["lunch?", "yes"])
        #expect(events.count == 1)
    }

    @Test("only the author edits or deletes a message; edits and deletes replicate")
    func editAndDeleteOwnMessages() throws {
        var alice = ChatLog(replica: ReplicaID(1)), bob = ChatLog(replica: ReplicaID(2))
        let post = try alice.post(body: "helo", wallTime: 1)
        let id = MessageID(replica: ReplicaID(1), seq: post.startSeq)
        _ = try bob.apply(post)
        #expect(throws: ChatError.notYourMessage(id)) { try bob.edit(id, body: "hacked", wallTime: 2) }
        let edit = try alice.edit(id, body: "hello", wallTime: 3)
        #expect(try bob.apply(edit).count == 1)
        #expect(bob.message(id)?.body == "hello")
        #expect(bob.message(id)?.isEdited == true)
        let delete = try alice.delete(id)
        #expect(try bob.apply(delete) == [.deleted(id)])
        #expect(bob.messages.isEmpty)
        #expect(throws: ChatError.notYourMessage(id)) { try alice.edit(id, body: "again", wallTime: 4) }
    }

    @Test("an edit that arrives before its message waits for it")
    func editWaitsForItsMessage() throws {
        var alice = ChatLog(replica: ReplicaID(1)), bob = ChatLog(replica: ReplicaID(2))
        let post = try alice.post(body: "a", wallTime: 1)
        let edit = try alice.edit(MessageID(replica: ReplicaID(1), seq: 1), body: "b", wallTime: 2)
        #expect(try bob.apply(edit).isEmpty)
        #expect(bob.waitingCount == 1)
        let events = try bob.apply(post)
        #expect(events.count == 2)
        #expect(bob.messages.map(\.body) == ["b"])
    }

    @Test("chat changes and logs round-trip through their encodings")
    func chatEncodingRoundTrip() throws {
        var alice = ChatLog(replica: ReplicaID(1)), bob = ChatLog(replica: ReplicaID(2))
        let c1 = try alice.post(body: "héllo 👋", wallTime: -5)
        #expect(try ChatChange(decoding: c1.encoded) == c1)
        _ = try bob.apply(c1)
        let c2 = try bob.post(body: "", wallTime: 1 << 40)
        #expect(try ChatChange(decoding: c2.encoded) == c2)
        _ = try bob.edit(MessageID(replica: ReplicaID(2), seq: 1), body: "edited", wallTime: 7)
        let loaded = try ChatLog(decoding: bob.encoded(), replica: ReplicaID(3))
        #expect(loaded.messages == bob.messages)
        #expect(loaded.version == bob.version)
    }

    @Test("a change whose Lamport clock is not after its dependencies is refused")
    func lamportMustExceedDependencies() throws {
        var alice = ChatLog(replica: ReplicaID(1))
        for i in 0..<5 { try alice.post(body: "\(i)", wallTime: 0) }
        var w = ByteWriter()
        w.byte(0x43); w.byte(1); w.replica(ReplicaID(2)); w.varint(UInt64(1))
        w.varint(UInt64(1)); w.replica(ReplicaID(1)); w.varint(UInt64(5))
        w.varint(UInt64(1)); w.varint(UInt64(2)); w.byte(0); w.signed(0); w.lengthPrefixed(Array("early".utf8))
        let forged = try ChatChange(decoding: w.bytes)
        #expect(throws: ChatError.self) { try alice.apply(forged) }
        #expect(alice.messages.count == 5)
    }

    @Test("replicas with skewed clocks converge under reordering, duplication, loss and partitions",
          arguments: [UInt64(1), 2, 3, 4])
    func chatConvergesUnderSimulator(seed: UInt64) {
        let failures = ChatSimulator.run(seed: seed, steps: 300)
        #expect(failures.isEmpty, "\(failures.prefix(3))")
    }

    @Test("a chat body longer than the limit is refused, locally and from the wire")
    func oversizedChatBody() {
        var log = ChatLog(replica: ReplicaID(1))
        let long = String(repeating: "x", count: DecodeLimits.maxMessageBytes + 1)
        #expect(throws: ChatError.messageTooLong(bytes: DecodeLimits.maxMessageBytes + 1)) {
            try log.post(body: long, wallTime: 0)
        }
        var w = ByteWriter()
        w.byte(0x43); w.byte(1); w.replica(ReplicaID(2)); w.varint(UInt64(1)); w.varint(UInt64(0))
        w.varint(UInt64(1)); w.varint(UInt64(1)); w.byte(0); w.signed(0)
        w.varint(UInt64(DecodeLimits.maxMessageBytes + 1))
        #expect(throws: DecodeError.limitExceeded(what: "message bytes", limit: DecodeLimits.maxMessageBytes)) {
            try ChatChange(decoding: w.bytes)
        }
    }

    @Test("a Lamport clock past the limit is refused, so counting up can never overflow")
    func lamportOverflow() {
        var w = ByteWriter()
        w.byte(0x43); w.byte(1); w.replica(ReplicaID(2)); w.varint(UInt64(1)); w.varint(UInt64(0))
        w.varint(UInt64(2))
        w.varint(DecodeLimits.maxLamport); w.byte(0); w.signed(0); w.lengthPrefixed([0x61])
        w.varint(UInt64(1)); w.byte(0); w.signed(0); w.lengthPrefixed([0x62])
        #expect(throws: DecodeError.valueOutOfRange("lamport")) { try ChatChange(decoding: w.bytes) }
    }
}
