import Testing
@testable import HuddleCore

@Suite("Peer IDs and safety codes")
struct IdentityTests {
    let key = [UInt8](0..<32)

    @Test("a peer ID is SHA-256 of the key, in Syncthing's grouped base32 with Luhn checks")
    func peerIDKnownAnswer() {
        // Computed independently (Python: hashlib + base64.b32encode + Syncthing's Luhn mod 32).
        #expect(PeerID(publicKey: key).description == "MMG42KL-GYQZWNM-EISKREL-XMS3J7W-2BFJE4O-MW3FSFO-LYG4FQG-6XCDOQS")
        #expect(PeerID(publicKey: key).short == "MMG42KL")
    }

    @Test("a peer ID parses back from its text, in any case and without dashes")
    func peerIDRoundTrip() {
        let id = PeerID(publicKey: key)
        #expect(PeerID(parsing: id.description) == id)
        #expect(PeerID(parsing: id.description.lowercased().replacingDashes()) == id)
    }

    @Test("a mistyped peer ID is refused by its check symbols")
    func peerIDTypoRefused() {
        var text = Array(PeerID(publicKey: key).description)
        text[3] = text[3] == "A" ? "B" : "A"
        #expect(PeerID(parsing: String(text)) == nil)
        #expect(PeerID(parsing: "too-short") == nil)
    }

    @Test("base32 round-trips every length")
    func base32RoundTrip() {
        for length in 0..<40 {
            let bytes = (0..<length).map { UInt8(truncatingIfNeeded: $0 &* 37 &+ 11) }
            #expect(Base32.decode(Base32.encode(bytes)) == bytes)
        }
        #expect(Base32.encode(Array("foobar".utf8)) == "MZXW6YTBOI") // RFC 4648 test vector
        #expect(Base32.decode("MZXW6!") == nil)
    }

    @Test("the safety code is the same on both sides and differs for another pair")
    func safetyCodeSymmetric() {
        let alice = DeviceIdentity(), bob = DeviceIdentity(), mallory = DeviceIdentity()
        let code = SafetyCode.safetyCode(between: alice.publicKey, and: bob.publicKey)
        #expect(code == SafetyCode.safetyCode(between: bob.publicKey, and: alice.publicKey))
        #expect(code != SafetyCode.safetyCode(between: alice.publicKey, and: mallory.publicKey))
        let groups = code.split(separator: " ")
        #expect(groups.count == 8)
        #expect(groups.allSatisfy { $0.count == 5 && $0.allSatisfy(\.isNumber) })
    }

    @Test("an identity restores from its raw key with the same peer ID")
    func identityRestores() throws {
        let identity = DeviceIdentity()
        let restored = try DeviceIdentity(rawPrivateKey: identity.rawPrivateKey)
        #expect(restored.peerID == identity.peerID)
        #expect(throws: IdentityError.malformedKey) { try DeviceIdentity(rawPrivateKey: [1, 2, 3]) }
    }
}

extension String {
    func replacingDashes() -> String { filter { $0 != "-" } }
}
