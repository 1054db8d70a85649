import HuddleTesting
import Testing
import HuddleCore

@Suite("Merging concurrent edits")
struct MergeTests {
    /// Replicas that all hold `base`.
    static func replicas(_ n: Int, base: String) throws -> [TextDocument] {
        var first = TextDocument(replica: ReplicaID(1))
        try first.insert(at: 0, text: base)
        let change = try first.committed()
        var docs = [first]
        for i in 2...n {
            var d = TextDocument(replica: ReplicaID(UInt64(i)))
            _ = try d.apply(change)
            docs.append(d)
        }
        return docs
    }

    @Test("concurrent runs typed at one place never interleave", arguments: [UInt64(1), 2, 3, 4, 5])
    func concurrentTypingRunsStayContiguous(seed: UInt64) throws {
        var rng = SplitMix64(seed: seed)
        let n = 2 + Int(rng.next() % 5)
        var docs = try Self.replicas(n, base: "0123456789")
        let position = Int(rng.next() % 11)
        var changes: [Change] = []
        var runs: [String] = []
        for i in docs.indices {
            let letter = Character(Unicode.Scalar(UInt8(65 + i)))
            let run = String(repeating: letter, count: 4 + Int(rng.next() % 6))
            runs.append(run)
            for (k, ch) in run.enumerated() {
                try docs[i].insert(at: position + k, text: String(ch))
                if let c = docs[i].commit() { changes.append(c) }
            }
        }
        for i in docs.indices {
            var order = changes
            order.shuffle(using: &rng)
            for c in order { _ = try docs[i].apply(c) }
        }
        let text = docs[0].text
        for doc in docs { #expect(doc.text == text, "seed \(seed)") }
        for run in runs { #expect(text.contains(run), "seed \(seed): \(run) interleaved in \(text)") }
    }

    @Test("concurrent runs typed backwards (each key before the last) at one place never interleave",
          arguments: [UInt64(1), 2, 3])
    func concurrentBackwardRunsStayContiguous(seed: UInt64) throws {
        var rng = SplitMix64(seed: seed)
        var docs = try Self.replicas(3, base: "0123456789")
        let position = Int(rng.next() % 11)
        var changes: [Change] = []
        var runs: [String] = []
        for i in docs.indices {
            let letters = (0..<5).map { Character(Unicode.Scalar(UInt8(97 + i * 5 + $0))) }
            runs.append(String(letters))
            for ch in letters.reversed() {
                try docs[i].insert(at: position, text: String(ch))
                changes.append(try docs[i].committed())
            }
        }
        for i in docs.indices {
            var order = changes
            order.shuffle(using: &rng)
            for c in order { _ = try docs[i].apply(c) }
        }
        let text = docs[0].text
        for run in runs { #expect(text.contains(run), "seed \(seed): \(run) interleaved in \(text)") }
    }

    @Test("a remote change waits in the buffer until its dependencies arrive")
    func outOfOrderChangeWaits() throws {
        var a = TextDocument(replica: ReplicaID(1))
        try a.insert(at: 0, text: "hello")
        let c1 = try a.committed()
        try a.insert(at: 5, text: " world")
        let c2 = try a.committed()
        var b = TextDocument(replica: ReplicaID(2))
        #expect(try b.apply(c2).isEmpty)
        #expect(b.waitingCount == 1)
        let patches = try b.apply(c1)
        #expect(patches == [.insert(at: 0, text: "hello"), .insert(at: 5, text: " world")])
        #expect(b.text == "hello world")
        #expect(b.waitingCount == 0)
        #expect(try b.apply(c1).isEmpty, "applying twice does nothing")
        #expect(b.version == a.version)
    }

    @Test("deleting a range that another replica edits concurrently keeps the concurrent insert")
    func deleteOfConcurrentlyEditedRange() throws {
        var docs = try Self.replicas(2, base: "abcdef")
        try docs[0].delete(range: 1..<5)
        try docs[1].insert(at: 3, text: "XY")
        let c0 = try docs[0].committed(), c1 = try docs[1].committed()
        _ = try docs[0].apply(c1)
        let patches = try docs[1].apply(c0)
        #expect(docs[0].text == "aXYf")
        #expect(docs[1].text == "aXYf")
        #expect(patches == [.delete(at: 1, count: 2), .delete(at: 3, count: 2)])
    }

    @Test("changes(since:) returns exactly what the other side lacks")
    func changesSinceVersion() throws {
        var a = TextDocument(replica: ReplicaID(1))
        try a.insert(at: 0, text: "one")
        let c1 = try a.committed()
        try a.insert(at: 3, text: " two")
        let c2 = try a.committed()
        var b = TextDocument(replica: ReplicaID(2))
        _ = try b.apply(c1)
        #expect(a.changes(since: b.version) == [c2])
        #expect(a.changes(since: VersionVector()) == [c1, c2])
        #expect(a.changes(since: a.version).isEmpty)
        let patches = try b.merge(a)
        #expect(patches == [.insert(at: 3, text: " two")])
        #expect(b.text == a.text)
    }

    @Test("a remote cursor anchor stays on its character while others type before it")
    func anchorsFollowTheirCharacter() throws {
        var docs = try Self.replicas(2, base: "hello world")
        let caret = docs[0].anchor(at: 5)          // after "hello"
        let before = docs[0].anchor(at: 6, side: .before) // before "w"
        try docs[1].insert(at: 0, text: ">> ")
        _ = try docs[0].apply(try docs[1].committed())
        #expect(docs[0].position(of: caret) == 8)
        #expect(docs[0].position(of: before) == 9)
        try docs[0].delete(range: 3..<8)
        #expect(docs[0].position(of: caret) == 3, "a deleted character's anchor stays where it was")
        #expect(docs[0].position(of: Anchor(item: nil, side: .before)) == docs[0].count)
    }

    @Test("grapheme and line/column conversions count emoji and combining marks as one column")
    func graphemeAndColumnConversions() throws {
        var doc = TextDocument(replica: ReplicaID(1))
        try doc.insert(at: 0, text: "ab\n👩‍👩‍👧x\ne\u{301}!")
        // scalars: a b \n [4 family: 5 scalars] x \n e ◌́ !
        #expect(doc.count == 13)
        #expect(doc.graphemeOffset(ofScalar: 3) == 3)
        #expect(doc.graphemeOffset(ofScalar: 5) == 3, "inside the family emoji")
        #expect(doc.graphemeOffset(ofScalar: 8) == 4)
        #expect(doc.scalarOffset(ofGrapheme: 4) == 8)
        #expect(doc.lineColumn(ofScalar: 8) == LineColumn(line: 1, column: 1))
        #expect(doc.lineColumn(ofScalar: 12) == LineColumn(line: 2, column: 1))
        #expect(doc.scalarOffset(of: LineColumn(line: 1, column: 1)) == 8)
        #expect(doc.scalarOffset(of: LineColumn(line: 0, column: 99)) == 2, "clamped to the line end")
        #expect(doc.scalars(in: 3..<9) == "👩‍👩‍👧x")
    }

    @Test("local edits outside the text are refused")
    func localEditsOutOfRangeThrow() {
        var doc = TextDocument(replica: ReplicaID(1))
        #expect(throws: TextError.positionOutOfRange(1, count: 0)) { try doc.insert(at: 1, text: "x") }
        #expect(throws: TextError.self) { try doc.delete(range: 0..<1) }
    }

    @Test("this replica's own later changes arriving from a restored copy keep the history consistent")
    func ownChangesFromElsewhere() throws {
        var device = TextDocument(replica: ReplicaID(1))
        try device.insert(at: 0, text: "base")
        let base = try device.committed()
        var restored = TextDocument(replica: ReplicaID(1))
        _ = try restored.apply(base)
        try device.insert(at: 4, text: " later")
        let later = try device.committed()
        try restored.insert(at: 0, text: ">")     // uncommitted when the later change arrives
        _ = try restored.apply(later)
        try restored.insert(at: 1, text: ">")
        #expect(restored.checkInvariants().isEmpty)
        let last = try restored.committed()
        #expect(last.startSeq == restored.history.last.map { $0.startSeq })
        #expect(restored.history.allSatisfy { (try? Change(decoding: $0.encoded)) == $0 })
    }
}
