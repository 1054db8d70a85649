import HuddleTesting
import Testing
import HuddleCore

/// Each test is named after the attack it stops. Decoders must throw a `DecodeError`, never trap.
@Suite("Hostile decoder inputs")
struct HostileInputTests {
    static func sampleChange() throws -> Change {
        var doc = TextDocument(replica: ReplicaID(3))
        try doc.insert(at: 0, text: "héllo 👋")
        try doc.delete(range: 1..<3)
        return try doc.committed()
    }

    static func header(deps: [UInt8] = [0]) -> ByteWriter {
        var w = ByteWriter()
        w.byte(0x54)
        w.byte(1)
        w.replica(ReplicaID(3))
        w.varint(UInt64(1))
        w.raw(deps)
        return w
    }

    @Test("a huge operation count is refused before allocating")
    func hugeOperationCount() {
        var w = Self.header()
        w.varint(UInt64(1) << 40)
        #expect(throws: DecodeError.limitExceeded(what: "operations", limit: DecodeLimits.maxOperationsPerChange)) {
            try Change(decoding: w.bytes)
        }
    }

    @Test("a huge dependency count is refused before allocating")
    func hugeDependencyCount() {
        var w = ByteWriter()
        w.byte(0x54); w.byte(1); w.replica(ReplicaID(3)); w.varint(UInt64(1))
        w.varint(UInt64.max >> 1)
        #expect(throws: DecodeError.self) { try Change(decoding: w.bytes) }
    }

    @Test("a huge replica count in a document is refused before allocating")
    func hugeReplicaCountInDocument() {
        var w = ByteWriter()
        w.byte(0x44); w.byte(1)
        w.varint(UInt64(DecodeLimits.maxReplicasPerDocument) + 1)
        #expect(throws: DecodeError.limitExceeded(what: "replicas", limit: DecodeLimits.maxReplicasPerDocument)) {
            try TextDocument(decoding: w.bytes, replica: ReplicaID(1))
        }
        var v = ByteWriter()
        v.byte(0x44); v.byte(1); v.varint(UInt64(1000))
        #expect(throws: DecodeError.truncated(needed: 32_000)) { try TextDocument(decoding: v.bytes, replica: ReplicaID(1)) }
    }

    @Test("a content length larger than the rest of the buffer is refused")
    func contentLengthPastEnd() throws {
        var w = Self.header()
        w.varint(UInt64(1)); w.byte(6); w.varint(UInt64(3)) // insert 3 at start
        w.varint(UInt64(1_000_000))
        #expect(throws: DecodeError.self) { try Change(decoding: w.bytes) }
    }

    @Test("every truncation of a valid change throws, none traps")
    func truncatedBuffers() throws {
        let bytes = try Self.sampleChange().encoded
        for n in 0..<bytes.count {
            #expect(throws: DecodeError.self) { try Change(decoding: Array(bytes[0..<n])) }
        }
        var doc = TextDocument(replica: ReplicaID(1))
        try doc.insert(at: 0, text: "abc")
        let encoded = doc.encoded()
        for n in 0..<encoded.count {
            #expect(throws: DecodeError.self) { try TextDocument(decoding: Array(encoded[0..<n]), replica: ReplicaID(2)) }
        }
    }

    @Test("an overflowing varint is refused")
    func overflowingVarint() {
        var reader = ByteReader([0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x7F])
        #expect(throws: DecodeError.varintOverflow) { try reader.varint() }
        var long = ByteReader(Array(repeating: 0x80, count: 20) + [0])
        #expect(throws: DecodeError.varintOverflow) { try long.varint() }
        var w = ByteWriter()
        w.byte(0x54); w.byte(1); w.replica(ReplicaID(3))
        w.raw([0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01])
        #expect(throws: DecodeError.varintOverflow) { try Change(decoding: w.bytes) }
    }

    @Test("a sequence number past the limit cannot overflow seq arithmetic")
    func seqOverflow() {
        var w = ByteWriter()
        w.byte(0x54); w.byte(1); w.replica(ReplicaID(3))
        w.varint(DecodeLimits.maxSeq); w.varint(UInt64(0))
        w.varint(UInt64(1)); w.byte(6); w.varint(UInt64(5)); w.varint(UInt64(5)); w.raw(Array("abcde".utf8))
        #expect(throws: DecodeError.valueOutOfRange("operation count")) { try Change(decoding: w.bytes) }
    }

    @Test("a reference to an unknown replica is refused")
    func unknownReplicaIndex() {
        var w = Self.header()
        w.varint(UInt64(1)); w.byte(4); w.varint(UInt64(1)) // insert 1, left origin not author...
        w.varint(UInt64(7)); w.varint(UInt64(1))            // ...but replica #7 of a table of 1
        w.varint(UInt64(1)); w.byte(0x61)
        #expect(throws: DecodeError.unknownReplica(index: 7)) { try Change(decoding: w.bytes) }
        var d = ByteWriter()
        d.byte(0x44); d.byte(1); d.varint(UInt64(1)); d.replica(ReplicaID(3)); d.varint(UInt64(1))
        d.byte(0) // change shape: everything spelled out
        d.varint(UInt64(5))
        #expect(throws: DecodeError.unknownReplica(index: 5)) { try TextDocument(decoding: d.bytes, replica: ReplicaID(1)) }
    }

    @Test("a document change that claims the previous change's author when there is none is refused")
    func shapeWithoutPreviousChange() {
        var d = ByteWriter()
        d.byte(0x44); d.byte(1); d.varint(UInt64(1)); d.replica(ReplicaID(3)); d.varint(UInt64(1))
        d.byte(0x0F)
        #expect(throws: DecodeError.valueOutOfRange("no previous author")) { try TextDocument(decoding: d.bytes, replica: ReplicaID(1)) }
        var e = ByteWriter()
        e.byte(0x44); e.byte(1); e.varint(UInt64(1)); e.replica(ReplicaID(3)); e.varint(UInt64(1))
        e.byte(0x10)
        #expect(throws: DecodeError.valueOutOfRange("change shape")) { try TextDocument(decoding: e.bytes, replica: ReplicaID(1)) }
    }

    @Test("a change that depends on itself or on its author's future is a dependency cycle")
    func dependencyCycles() throws {
        var selfDep = ByteWriter()
        selfDep.byte(0x54); selfDep.byte(1); selfDep.replica(ReplicaID(3)); selfDep.varint(UInt64(1))
        selfDep.varint(UInt64(1)); selfDep.replica(ReplicaID(3)); selfDep.varint(UInt64(9))
        selfDep.varint(UInt64(1)); selfDep.byte(6); selfDep.varint(UInt64(1)); selfDep.varint(UInt64(1)); selfDep.byte(0x61)
        #expect(throws: DecodeError.dependencyCycle) { try Change(decoding: selfDep.bytes) }

        // Two changes that each wait for the other are held back, never applied, never spin.
        func change(author: UInt64, dependsOn other: UInt64) throws -> Change {
            var w = ByteWriter()
            w.byte(0x54); w.byte(1); w.replica(ReplicaID(author)); w.varint(UInt64(1))
            w.varint(UInt64(1)); w.replica(ReplicaID(other)); w.varint(UInt64(1))
            w.varint(UInt64(1)); w.byte(4); w.varint(UInt64(1)); w.varint(UInt64(1)); w.varint(UInt64(0))
            w.varint(UInt64(1)); w.byte(0x61)
            return try Change(decoding: w.bytes)
        }
        var doc = TextDocument(replica: ReplicaID(9))
        #expect(try doc.apply(try change(author: 1, dependsOn: 2)).isEmpty)
        #expect(try doc.apply(try change(author: 2, dependsOn: 1)).isEmpty)
        #expect(doc.waitingCount == 2)
        #expect(doc.text.isEmpty)
    }

    @Test("a flood of changes whose dependencies never arrive is bounded: in authors, and per author in size")
    func waitingBufferFlood() throws {
        /// A change by `author` from `start` inserting `text`, depending on a replica that
        /// never writes anything.
        func waiting(author: UInt64, start: UInt64 = 1, text: String = "a") throws -> Change {
            var w = ByteWriter()
            w.byte(0x54); w.byte(1); w.replica(ReplicaID(author)); w.varint(start)
            w.varint(UInt64(1)); w.replica(ReplicaID(UInt64.max)); w.varint(UInt64(1))
            w.varint(UInt64(1)); w.byte(4); w.varint(UInt64(text.unicodeScalars.count)); w.varint(UInt64(1)); w.varint(UInt64(0))
            w.lengthPrefixed(Array(text.utf8))
            return try Change(decoding: w.bytes)
        }
        var doc = TextDocument(replica: ReplicaID(9))
        for author in 1...UInt64(DecodeLimits.maxWaitingAuthors) { _ = try doc.apply(try waiting(author: author)) }
        #expect(doc.waitingCount == DecodeLimits.maxWaitingAuthors)
        #expect(throws: TextError.bufferFull) { try doc.apply(try waiting(author: 1_000_000)) }
        // One author's later changes may still wait, up to its share.
        let text = String(repeating: "x", count: 4000)
        var start: UInt64 = 2
        var refused = false
        for _ in 0..<(DecodeLimits.maxBufferedSizePerAuthor / 4000 + 2) {
            do { _ = try doc.apply(try waiting(author: 1, start: start, text: text)) } catch {
                #expect(error as? TextError == .bufferFull)
                refused = true
                break
            }
            start += 4000
        }
        #expect(refused, "one author cannot fill the room past its share")
        #expect(doc.text.isEmpty)
    }

    @Test("a change that lies about its dependencies is refused and changes nothing")
    func missingItemBehindDeclaredDependency() throws {
        var a = TextDocument(replica: ReplicaID(1))
        try a.delete(range: 0..<0)
        try a.insert(at: 0, text: "x")
        try a.delete(range: 0..<1) // a@2 is a delete, not a character
        _ = try a.committed()
        var w = ByteWriter()
        w.byte(0x54); w.byte(1); w.replica(ReplicaID(2)); w.varint(UInt64(1))
        w.varint(UInt64(1)); w.replica(ReplicaID(1)); w.varint(UInt64(2))
        w.varint(UInt64(1)); w.byte(4); w.varint(UInt64(1)); w.varint(UInt64(1)); w.varint(UInt64(0))
        w.varint(UInt64(1)); w.byte(0x62)
        let liar = try Change(decoding: w.bytes)
        var b = a
        let before = b.version
        #expect(throws: TextError.unknownItem(ItemID(replica: ReplicaID(1), seq: 2))) { try b.apply(liar) }
        #expect(b.version == before)
        #expect(b.checkInvariants().isEmpty)
    }

    @Test("an insert whose right origin lies before its left origin lands the same on every replica")
    func forgedOriginOrder() throws {
        var a = TextDocument(replica: ReplicaID(1))
        try a.insert(at: 0, text: "abcdef")
        let base = try a.committed()
        // Replica 2 claims to insert "X" after "e" (1@5) and before "b" (1@2).
        var w = ByteWriter()
        w.byte(0x54); w.byte(1); w.replica(ReplicaID(2)); w.varint(UInt64(1))
        w.varint(UInt64(1)); w.replica(ReplicaID(1)); w.varint(UInt64(5))
        w.varint(UInt64(1)); w.byte(0); w.varint(UInt64(1))
        w.varint(UInt64(1)); w.varint(UInt64(0))   // left: 1@5
        w.varint(UInt64(1)); w.varint(UInt64(3))   // right: 1@2
        w.varint(UInt64(1)); w.byte(0x58)
        let forged = try Change(decoding: w.bytes)
        var c = TextDocument(replica: ReplicaID(3))
        try c.insert(at: 0, text: "?")
        let other = try c.committed()
        var x = TextDocument(replica: ReplicaID(4)), y = TextDocument(replica: ReplicaID(5))
        for change in [base, forged, other] { _ = try x.apply(change) }
        for change in [other, base, forged] { _ = try y.apply(change) }
        #expect(x.text == y.text)
        #expect(x.checkInvariants().isEmpty && y.checkInvariants().isEmpty)
    }

    @Test("invalid UTF-8 and non-canonical bytes are refused")
    func invalidUTF8AndNonCanonical() throws {
        var w = Self.header()
        w.varint(UInt64(1)); w.byte(6); w.varint(UInt64(1)); w.varint(UInt64(2)); w.raw([0xC0, 0x80]) // overlong NUL
        #expect(throws: DecodeError.self) { try Change(decoding: w.bytes) }
        var bytes = try Self.sampleChange().encoded
        bytes.insert(0x80, at: 35) // pad the start seq varint: same value, different bytes
        bytes[34] |= 0x80
        #expect(throws: DecodeError.self) { try Change(decoding: bytes) }
        #expect(throws: DecodeError.trailingBytes(1)) { try Change(decoding: try Self.sampleChange().encoded + [0]) }
    }

    @Test("random bytes and random mutations of valid encodings never trap")
    func randomMutationsNeverTrap() throws {
        var rng = SplitMix64(seed: 42)
        let valid = try Self.sampleChange().encoded
        var doc = TextDocument(replica: ReplicaID(1))
        try doc.insert(at: 0, text: "some text")
        _ = doc.commit()
        try doc.delete(range: 2..<4)
        let docBytes = doc.encoded()
        var chat = ChatLog(replica: ReplicaID(1))
        try chat.post(body: "hi", wallTime: 5)
        let chatBytes = chat.encoded()
        for i in 0..<3000 {
            var b = [valid, docBytes, chatBytes][i % 3]
            for _ in 0..<(1 + Int(rng.next() % 4)) {
                b[Int(rng.next() % UInt64(b.count))] = UInt8(truncatingIfNeeded: rng.next())
            }
            _ = try? Change(decoding: b)
            _ = try? TextDocument(decoding: b, replica: ReplicaID(2))
            _ = try? ChatLog(decoding: b, replica: ReplicaID(2))
            _ = try? ChatChange(decoding: b)
        }
    }
}
