@testable import HuddleCore
import HuddleTesting
import Testing

/// A delete takes one seq per item it deletes. Each test is named after a way to use that (or
/// the chat clock) to make every receiver allocate, spin or refuse its own user's next edit.
@Suite("Seq and clock inflation")
struct SeqInflationTests {
    /// The bytes of a text change by `author` from `startSeq` with no dependencies, written by
    /// hand as a hostile peer would: `ops` already encoded, `text` the inserted content.
    static func handChange(author: UInt64, startSeq: UInt64, opCount: Int, ops: [UInt8], text: String) -> [UInt8] {
        var w = ByteWriter()
        w.byte(0x54); w.byte(1); w.replica(ReplicaID(author)); w.varint(startSeq)
        w.varint(UInt64(0))
        w.varint(UInt64(opCount))
        w.raw(ops)
        w.lengthPrefixed(Array(text.utf8))
        return w.bytes
    }

    /// An insert of `count` scalars at the start, with no origins.
    static func insertAtStart(_ count: UInt64) -> [UInt8] {
        var w = ByteWriter()
        w.byte(6); w.varint(count)
        return w.bytes
    }

    /// A delete of `count` items of the author from `target`, written in a change op at `seq`.
    static func deleteOwn(target: UInt64, count: UInt64, at seq: UInt64) -> [UInt8] {
        var w = ByteWriter()
        w.byte(13); w.varint(count); w.varint(seq - target - 1)
        return w.bytes
    }

    @Test("one change that deletes the same range again and again to use up seqs is refused")
    func deletesReplayedInOneChange() {
        let bytes = Self.handChange(author: 3, startSeq: 1, opCount: 3,
                                    ops: Self.insertAtStart(4) + Self.deleteOwn(target: 1, count: 4, at: 5)
                                        + Self.deleteOwn(target: 1, count: 4, at: 9),
                                    text: "abcd")
        #expect(throws: DecodeError.overlappingDeletes) { try Change(decoding: bytes) }
    }

    @Test("changes that delete the same items again and again are refused once the deletes outnumber the items")
    func deletesReplayedAcrossChanges() throws {
        let insert = try Change(decoding: Self.handChange(author: 3, startSeq: 1, opCount: 1,
                                                          ops: Self.insertAtStart(4), text: "abcd"))
        let first = try Change(decoding: Self.handChange(author: 3, startSeq: 5, opCount: 1,
                                                         ops: Self.deleteOwn(target: 1, count: 4, at: 5), text: ""))
        let replay = try Change(decoding: Self.handChange(author: 3, startSeq: 9, opCount: 1,
                                                          ops: Self.deleteOwn(target: 1, count: 4, at: 9), text: ""))
        var doc = TextDocument(replica: ReplicaID(1))
        _ = try doc.apply(insert)
        _ = try doc.apply(first)
        let before = doc.version
        #expect(throws: TextError.deletesExceedDocument) { try doc.apply(replay) }
        #expect(doc.version == before)
        #expect(doc.version[ReplicaID(3)] == 8)
        #expect(doc.checkInvariants().isEmpty)
        // The document goes on taking honest edits, its own and its author's.
        try doc.insert(at: 0, text: "x")
        #expect(doc.text == "x")
    }

    @Test("an author whose seqs are spread out by deletes costs index memory for what it inserted, not for its seq numbers")
    func seqGapCostsNoIndexMemory() throws {
        let n: UInt64 = 200_000
        var doc = TextDocument(replica: ReplicaID(1))
        let text = String(repeating: "a", count: Int(n))
        _ = try doc.apply(try Change(decoding: Self.handChange(author: 2, startSeq: 1, opCount: 1,
                                                               ops: Self.insertAtStart(n), text: text)))
        // Author 3 deletes all of it (taking n seqs), then inserts one character at seq n + 1.
        var w = ByteWriter()
        w.byte(0x54); w.byte(1); w.replica(ReplicaID(3)); w.varint(UInt64(1))
        w.varint(UInt64(1)); w.replica(ReplicaID(2)); w.varint(n)
        w.varint(UInt64(2))
        w.byte(5); w.varint(n); w.varint(UInt64(1)); w.varint(n - 1)  // delete 2@1 ..< 2@(n+1)
        w.byte(6); w.varint(UInt64(1))                                   // insert "b" at start
        w.lengthPrefixed(Array("b".utf8))
        _ = try doc.apply(try Change(decoding: w.bytes))
        #expect(doc.text == "b")
        #expect(doc.version[ReplicaID(3)] == n + 1)
        let attacker = Int(doc.agents[ReplicaID(3)]!)
        #expect(doc.tree.index[attacker].footprint < 256, "a dense index would hold \(n * 4) bytes")
        #expect(doc.checkInvariants().isEmpty)
    }

    @Test("a seq index stores gaps of billions of seqs as one more segment")
    func seqIndexSegments() {
        var index = SeqIndex()
        index.set(1..<5, leaf: 7)
        index.set(7..<9, leaf: 8)  // a small gap: padded into the same segment
        #expect(index.segmentCount == 1)
        index.set(100..<101, leaf: 8) // 91 deleted seqs for 6 items: a segment of its own
        #expect(index.segmentCount == 2)
        #expect(index[100] == 8 && index[99] == nil && index[9] == nil)
        let far = UInt32(DecodeLimits.maxSeq) - 3
        index.set(far..<(far + 3), leaf: 9)
        #expect(index.segmentCount == 3)
        #expect(index.footprint < 128)
        #expect(index[1] == 7 && index[4] == 7 && index[5] == nil && index[7] == 8)
        #expect(index[far] == 9 && index[far + 2] == 9 && index[far - 1] == nil && index[1_000_000] == nil)
        #expect(index.firstMissing(in: 1..<5) == nil)
        #expect(index.firstMissing(in: 1..<8) == 5)
        #expect(index.firstMissing(in: far..<(far + 3)) == nil)
        #expect(index.firstMissing(in: 8..<far) == 9)
        #expect(index.firstMissing(in: 100..<101) == nil)
        index.set(2..<4, leaf: 1)   // items move to another leaf
        index.set(far + 1..<(far + 2), leaf: 2)
        #expect(index[1] == 7 && index[2] == 1 && index[3] == 1 && index[4] == 7)
        #expect(index[far] == 9 && index[far + 1] == 2 && index[far + 2] == 9)
    }

    @Test("a chat clock that jumps towards 2^62 is refused, and the channel stays writable")
    func lamportJumpToTheLimit() throws {
        var log = ChatLog(replica: ReplicaID(1))
        try log.post(body: "hi", wallTime: 1)
        let hostile = ChatChange(author: ReplicaID(2), startSeq: 1, dependencies: [], operations: [.post(body: "x", wallTime: 1)],
                                 lamports: [DecodeLimits.maxLamport])
        #expect(throws: ChatError.clockJump) { try log.apply(hostile) }
        let withinTheStep = ChatChange(author: ReplicaID(2), startSeq: 1, dependencies: [],
                                       operations: [.post(body: "y", wallTime: 1)], lamports: [DecodeLimits.maxLamportStep])
        _ = try log.apply(withinTheStep)
        // The next step is measured from the author's own last clock, the same on every replica.
        let jumpAgain = ChatChange(author: ReplicaID(2), startSeq: 2, dependencies: [],
                                   operations: [.post(body: "z", wallTime: 1)], lamports: [2 * DecodeLimits.maxLamportStep + 1])
        #expect(throws: ChatError.clockJump) { try log.apply(jumpAgain) }
        let inOneChange = ChatChange(author: ReplicaID(2), startSeq: 2, dependencies: [],
                                     operations: [.post(body: "a", wallTime: 1), .post(body: "b", wallTime: 1)],
                                     lamports: [DecodeLimits.maxLamportStep + 1, DecodeLimits.maxLamport])
        #expect(throws: ChatError.clockJump) { try log.apply(inOneChange) }
        try log.post(body: "still writable", wallTime: 2)
        #expect(log.messages.map(\.body) == ["hi", "y", "still writable"])
    }

    @Test("a document refuses to grow past its budget of items, and says so")
    func documentItemBudget() throws {
        var doc = TextDocument(replica: ReplicaID(1))
        let half = String(repeating: "a", count: DecodeLimits.maxItemsPerDocument / 2)
        try doc.insert(at: 0, text: half)
        _ = doc.commit()
        try doc.insert(at: 0, text: half)
        _ = doc.commit()
        #expect(throws: TextError.documentTooLarge) { try doc.insert(at: 0, text: "b") }
        var other = TextDocument(replica: ReplicaID(2))
        try other.insert(at: 0, text: "c")
        let change = try other.committed()
        #expect(throws: TextError.documentTooLarge) { try doc.apply(change) }
        #expect(doc.count == DecodeLimits.maxItemsPerDocument)
    }
}
