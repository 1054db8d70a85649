import HuddleTesting
import Testing
import HuddleCore

@Suite("Local edits")
struct LocalEditTests {
    @Test("inserts and deletes match a plain array of scalars, invariants hold after every edit")
    func randomLocalEditsMatchReference() throws {
        for seed in UInt64(1)...8 {
            var rng = SplitMix64(seed: seed)
            var doc = TextDocument(replica: ReplicaID(7))
            var reference: [Unicode.Scalar] = []
            for step in 0..<300 {
                if reference.isEmpty || rng.next() % 3 != 0 {
                    let pos = Int(rng.next() % UInt64(reference.count + 1))
                    let text = String(repeating: "abcdefgh".randomElement(using: &rng)!, count: Int(rng.next() % 5) + 1)
                    try doc.insert(at: pos, text: text)
                    reference.insert(contentsOf: text.unicodeScalars, at: pos)
                } else {
                    let pos = Int(rng.next() % UInt64(reference.count))
                    let n = min(reference.count - pos, Int(rng.next() % 6) + 1)
                    try doc.delete(range: pos..<(pos + n))
                    reference.removeSubrange(pos..<(pos + n))
                }
                if rng.next() % 7 == 0 { _ = doc.commit() }
                let problems = doc.checkInvariants()
                #expect(problems.isEmpty, "seed \(seed) step \(step): \(problems)")
                var s = String.UnicodeScalarView()
                s.append(contentsOf: reference)
                #expect(doc.text == String(s), "seed \(seed) step \(step)")
                if !problems.isEmpty || doc.text != String(s) { return }
            }
        }
    }

    @Test("backspace and the delete key, key by key, then a remote replica merges the same text")
    func typingAndBackspace() throws {
        var doc = TextDocument(replica: ReplicaID(1))
        for (i, ch) in "hello world".enumerated() { try doc.insert(at: i, text: String(ch)) }
        for end in stride(from: 11, to: 8, by: -1) {   // backspace "rld"
            try doc.delete(range: (end - 1)..<end)
            #expect(doc.checkInvariants().isEmpty)
        }
        for _ in 0..<2 {                              // delete key at the start: "he"
            try doc.delete(range: 0..<1)
            #expect(doc.checkInvariants().isEmpty)
        }
        try doc.insert(at: 6, text: "k")
        #expect(doc.text == "llo wok")
        var remote = TextDocument(replica: ReplicaID(2))
        _ = try remote.apply(try doc.committed())
        #expect(remote.text == "llo wok")
        #expect(doc.history.first?.operations.count == 4, "typing, backspaces, deletes, typing: one operation each")
    }

    @Test("documents are values: editing a copy leaves the original unchanged")
    func copiesAreIndependent() throws {
        var a = TextDocument(replica: ReplicaID(1))
        try a.insert(at: 0, text: "shared")
        var b = a
        try b.insert(at: 6, text: " copy")
        try b.delete(range: 0..<1)
        #expect(a.text == "shared")
        #expect(b.text == "hared copy")
        #expect(a.checkInvariants().isEmpty && b.checkInvariants().isEmpty)
    }

    @Test("the version counts every local operation, committed or not, and commit groups them")
    func versionAndCommit() throws {
        var doc = TextDocument(replica: ReplicaID(1))
        try doc.insert(at: 0, text: "abc")
        try doc.delete(range: 1..<2)
        #expect(doc.version[ReplicaID(1)] == 4)
        #expect(doc.hasUncommittedChanges)
        let change = try doc.committed()
        #expect(change.startSeq == 1 && change.endSeq == 4)
        #expect(change.operations == [
            .insert(after: nil, before: nil, text: "abc"),
            .delete(first: ItemID(replica: ReplicaID(1), seq: 2), count: 1),
        ])
        #expect(doc.commit() == nil)
    }

    @Test("an uncommitted change never grows past what peers accept")
    func oversizedChangeIsRefused() throws {
        var doc = TextDocument(replica: ReplicaID(1))
        let big = String(repeating: "x", count: DecodeLimits.maxScalarsPerChange)
        try doc.insert(at: 0, text: big)
        #expect(throws: TextError.changeTooLarge) { try doc.insert(at: 0, text: "y") }
        let change = try doc.committed()
        #expect(change.encoded.count <= DecodeLimits.maxChangeBytes)
        try doc.insert(at: 0, text: "y")
        #expect(doc.count == DecodeLimits.maxScalarsPerChange + 1)
    }
}
