import Testing
@testable import HuddleCore

@Suite("Signed changes")
struct SignedChangeTests {
    let alice = DeviceIdentity()
    let mallory = DeviceIdentity()

    func aliceChange() throws -> Change {
        var note = TextDocument(replica: alice.peerID.replicaID)
        try note.insert(at: 0, text: "hello")
        let change = note.commit()
        return try #require(change)
    }

    @Test("a change signed by its author verifies, on any peer, relayed or not")
    func validSignatureVerifies() throws {
        let change = try aliceChange()
        let signed = try SignedChange(signing: change.encoded, in: "lan/note/plan", by: alice)
        try signed.verify(author: change.author)
        let received = SignedChange(document: signed.document, change: signed.change, authorKey: signed.authorKey,
                                    signature: signed.signature)
        try received.verify(author: try Change(decoding: received.change).author)
    }

    @Test("a relay that alters one byte of a change is caught")
    func tamperedChangeRefused() throws {
        let change = try aliceChange()
        let signed = try SignedChange(signing: change.encoded, in: "lan/note/plan", by: alice)
        for index in signed.change.indices {
            var bytes = signed.change
            bytes[index] ^= 0x01
            let tampered = SignedChange(document: signed.document, change: bytes, authorKey: signed.authorKey, signature: signed.signature)
            #expect(throws: SignatureError.badSignature) { try tampered.verify(author: change.author) }
        }
    }

    @Test("a change moved into another document is refused")
    func replayIntoOtherDocumentRefused() throws {
        let change = try aliceChange()
        let signed = try SignedChange(signing: change.encoded, in: "lan/note/plan", by: alice)
        let moved = SignedChange(document: "lan/note/other", change: signed.change, authorKey: signed.authorKey, signature: signed.signature)
        #expect(throws: SignatureError.badSignature) { try moved.verify(author: change.author) }
    }

    @Test("a peer that signs a change claiming another author is refused")
    func claimingAnotherAuthorRefused() throws {
        let change = try aliceChange() // authored by alice's replica
        let forged = try SignedChange(signing: change.encoded, in: "lan/note/plan", by: mallory)
        #expect(throws: SignatureError.wrongAuthor) { try forged.verify(author: change.author) }
        let swappedKey = SignedChange(document: forged.document, change: forged.change, authorKey: alice.publicKey,
                                      signature: forged.signature)
        #expect(throws: SignatureError.badSignature) { try swappedKey.verify(author: change.author) }
    }

    @Test("keys and signatures of the wrong size are refused, never trusted")
    func malformedRefused() throws {
        let change = try aliceChange()
        let signed = try SignedChange(signing: change.encoded, in: "d", by: alice)
        let shortKey = SignedChange(document: "d", change: signed.change, authorKey: [1, 2, 3], signature: signed.signature)
        #expect(throws: SignatureError.malformed) { try shortKey.verify(author: change.author) }
        let shortSignature = SignedChange(document: "d", change: signed.change, authorKey: signed.authorKey, signature: [0])
        #expect(throws: SignatureError.malformed) { try shortSignature.verify(author: change.author) }
    }
}
