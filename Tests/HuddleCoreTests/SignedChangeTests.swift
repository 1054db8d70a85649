import Testing
@testable import HuddleCore

@Suite("Signed changes")
struct SignedChangeTests {
    let alice = DeviceIdentity()
    let mallory = DeviceIdentity()

    /// Alice's note after typing `words`, one commit each, and the changes' bytes.
    func aliceChanges(_ words: [String] = ["hello"]) throws -> [Change] {
        var note = TextDocument(replica: alice.peerID.replicaID)
        var changes: [Change] = []
        for word in words {
            try note.insert(at: note.count, text: word)
            let change = note.commit()
            changes.append(try #require(change))
        }
        return changes
    }

    /// Signs `changes` as one chain from the origin.
    func signChain(_ changes: [Change], in document: String = "lan/note/plan", by identity: DeviceIdentity? = nil) throws -> [SignedChange] {
        var previous = ChainLink.origin
        return try changes.map { change in
            let signed = try SignedChange(signing: change.encoded, in: document, after: previous, by: identity ?? alice)
            previous = signed.link(after: previous)
            return signed
        }
    }

    @Test("a change signed by its author verifies, on any peer, relayed or not")
    func validSignatureVerifies() throws {
        let change = try #require(try aliceChanges().first)
        let signed = try #require(try signChain([change]).first)
        try signed.verify(author: change.author, after: .origin)
        let received = SignedChange(document: signed.document, change: signed.change, authorKey: signed.authorKey,
                                    signature: signed.signature)
        let link = try received.verify(author: try Change(decoding: received.change).author, after: .origin)
        #expect(link == signed.link(after: .origin))
    }

    @Test("a relay that alters one byte of a change is caught")
    func tamperedChangeRefused() throws {
        let change = try #require(try aliceChanges().first)
        let signed = try #require(try signChain([change]).first)
        for index in signed.change.indices {
            var bytes = signed.change
            bytes[index] ^= 0x01
            let tampered = SignedChange(document: signed.document, change: bytes, authorKey: signed.authorKey, signature: signed.signature)
            #expect(throws: SignatureError.badSignature) { try tampered.verify(author: change.author, after: .origin) }
        }
    }

    @Test("a change moved into another document or another place in the chain is refused")
    func replayRefused() throws {
        let changes = try aliceChanges(["a", "b"])
        let chain = try signChain(changes)
        let moved = SignedChange(document: "lan/note/other", change: chain[0].change, authorKey: chain[0].authorKey, signature: chain[0].signature)
        #expect(throws: SignatureError.badSignature) { try moved.verify(author: changes[0].author, after: .origin) }
        #expect(throws: SignatureError.badSignature) { try chain[1].verify(author: changes[1].author, after: .origin) }
        try chain[1].verify(author: changes[1].author, after: chain[0].link(after: .origin))
    }

    @Test("a peer that signs a change claiming another author is refused")
    func claimingAnotherAuthorRefused() throws {
        let change = try #require(try aliceChanges().first) // authored by alice's replica
        let forged = try SignedChange(signing: change.encoded, in: "lan/note/plan", after: .origin, by: mallory)
        #expect(throws: SignatureError.wrongAuthor) { try forged.verify(author: change.author, after: .origin) }
        let swappedKey = SignedChange(document: forged.document, change: forged.change, authorKey: alice.publicKey,
                                      signature: forged.signature)
        #expect(throws: SignatureError.badSignature) { try swappedKey.verify(author: change.author, after: .origin) }
    }

    @Test("keys and signatures of the wrong size are refused, never trusted")
    func malformedRefused() throws {
        let change = try #require(try aliceChanges().first)
        let signed = try SignedChange(signing: change.encoded, in: "d", after: .origin, by: alice)
        let shortKey = SignedChange(document: "d", change: signed.change, authorKey: [1, 2, 3], signature: signed.signature)
        #expect(throws: SignatureError.malformed) { try shortKey.verify(author: change.author, after: .origin) }
        let shortSignature = SignedChange(document: "d", change: signed.change, authorKey: signed.authorKey, signature: [0])
        #expect(throws: SignatureError.badSignature) { try shortSignature.verify(author: change.author, after: .origin) }
    }
}

@Suite("Change runs")
struct ChangeRunTests {
    let alice = DeviceIdentity()
    let helper = SignedChangeTests()

    func aliceRun(_ count: Int) throws -> (ChangeRun, [Change]) {
        let changes = try helper.aliceChanges((0..<count).map { "w\($0) " })
        let signed = try helper.signChain(changes, by: helper.alice)
        let run = ChangeRun(authorKey: helper.alice.publicKey,
                            entries: signed.map { ChangeRun.Entry(change: $0.change, signature: $0.signature) })
        return (run, changes)
    }

    @Test("a run round-trips through its encoding")
    func roundTrip() throws {
        let (run, _) = try aliceRun(5)
        #expect(try ChangeRun(decoding: run.encoded()) == run)
    }

    @Test("an authentic run is accepted whole, with one link per change")
    func authenticRunAccepted() throws {
        let (run, changes) = try aliceRun(50)
        let result = run.verify(document: "lan/note/plan", author: changes[0].author, after: .origin)
        #expect(result.accepted == 50 && result.failure == nil && result.links.count == 50)
    }

    @Test("a run with one altered change keeps only the authentic prefix")
    func tamperedMiddleKeepsPrefix() throws {
        var (run, changes) = try aliceRun(10)
        var bytes = run.entries[6].change
        bytes[bytes.count - 1] ^= 0x20
        run.entries[6] = ChangeRun.Entry(change: bytes, signature: run.entries[6].signature)
        let result = run.verify(document: "lan/note/plan", author: changes[0].author, after: .origin)
        #expect(result.accepted == 6)
        #expect(result.failure == .badSignature)
    }

    @Test("a run that does not follow the receiver's chain is refused")
    func wrongPreviousRefused() throws {
        let (run, changes) = try aliceRun(3)
        let someLink = ChainLink.following(.origin, document: "x", change: [1])
        let result = run.verify(document: "lan/note/plan", author: changes[0].author, after: someLink)
        #expect(result.accepted == 0 && result.failure == .badSignature)
    }

    static let key = [UInt8](repeating: 0, count: 32)
    static let hostile: [(String, [UInt8])] = [
        ("empty input", []),
        ("wrong tag", [0x00, 1] + key + [1]),
        ("future version", [0x52, 9] + key + [1]),
        ("truncated key", [0x52, 1, 1, 2]),
        ("zero entries", [0x52, 1] + key + [0]),
        ("huge entry count", [0x52, 1] + key + [0xFF, 0xFF, 0xFF, 0xFF, 0x0F]),
        ("length past the end", [0x52, 1] + key + [1, 0x7F, 1, 2]),
    ]

    @Test("hostile run encodings are refused with a decode error", arguments: hostile)
    func hostileEncodingsRefused(_ name: String, _ bytes: [UInt8]) {
        #expect(throws: DecodeError.self, "\(name)") { try ChangeRun(decoding: bytes) }
    }
}
