import HuddleCore
import Testing

@Suite("Name cards: nicknames signed by their own key")
struct NameCardTests {
    static let now: Int64 = 1_796_000_000_000

    @Test("a card signed by its key is verified; one with its nickname, time or key changed by a relay is refused as forged")
    func forgedCardIsRefused() throws {
        let ann = DeviceIdentity(), mallory = DeviceIdentity()
        let card = try NameCard(signing: "ann", by: ann, at: Self.now)
        #expect(try card.verified(now: Self.now) == card && card.peer == ann.peerID)
        let renamed = try NameCard(publicKey: card.publicKey, nickname: "bob", issuedAt: card.issuedAt, signature: card.signature)
        let redated = try NameCard(publicKey: card.publicKey, nickname: "ann", issuedAt: card.issuedAt + 1, signature: card.signature)
        let rekeyed = try NameCard(publicKey: mallory.publicKey, nickname: "ann", issuedAt: card.issuedAt, signature: card.signature)
        for forged in [renamed, redated, rekeyed] {
            #expect(throws: NameCardError.forged) { try forged.verified(now: Self.now) }
        }
    }

    @Test("a card dated beyond the clock skew is refused: it would win over every card its owner signs later")
    func cardFromTheFutureIsRefused() throws {
        let card = try NameCard(signing: "ann", by: DeviceIdentity(), at: Self.now + NameCard.maxClockSkewMilliseconds + 1)
        #expect(throws: NameCardError.fromTheFuture) { try card.verified(now: Self.now) }
        #expect(try card.verified(now: Self.now + 1) == card)
    }

    @Test("cards of the wrong shape are refused: short keys, short signatures, empty or oversized nicknames")
    func malformedCardsAreRefused() {
        let key = [UInt8](repeating: 1, count: 32), signature = [UInt8](repeating: 2, count: 64)
        #expect(throws: NameCardError.malformedKey) { try NameCard(publicKey: [1], nickname: "a", issuedAt: 0, signature: signature) }
        #expect(throws: NameCardError.malformedSignature) { try NameCard(publicKey: key, nickname: "a", issuedAt: 0, signature: [2]) }
        #expect(throws: NameCardError.badNickname) { try NameCard(publicKey: key, nickname: "", issuedAt: 0, signature: signature) }
        #expect(throws: NameCardError.badNickname) {
            try NameCard(publicKey: key, nickname: String(repeating: "x", count: 33), issuedAt: 0, signature: signature)
        }
    }

    @Test("the newest card of a key wins; two of the same millisecond are ordered by signature, the same everywhere")
    func newestCardWins() throws {
        let ann = DeviceIdentity()
        let old = try NameCard(signing: "ann", by: ann, at: Self.now), new = try NameCard(signing: "annie", by: ann, at: Self.now + 1)
        #expect(new.supersedes(old) && !old.supersedes(new) && !old.supersedes(old))
        let a = try NameCard(signing: "a", by: ann, at: Self.now), b = try NameCard(signing: "b", by: ann, at: Self.now)
        #expect(a.supersedes(b) != b.supersedes(a))
    }
}
