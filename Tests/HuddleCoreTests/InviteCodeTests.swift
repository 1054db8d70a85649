import Testing
@testable import HuddleCore

/// Invite codes as people read them, and the CPace exchange they drive.
@Suite("Invite codes")
struct InviteCodeTests {
    let inviter = DeviceIdentity(), joiner = DeviceIdentity()
    let joinerNonce = [UInt8](repeating: 1, count: CodeExchange.nonceBytes)
    let inviterNonce = [UInt8](repeating: 2, count: CodeExchange.nonceBytes)

    func pair(joinerWords: InviteCode, inviterWords: InviteCode, inviterNonce: [UInt8]? = nil,
              keys: (inviter: [UInt8], joiner: [UInt8])? = nil) throws -> (CodeExchange, CodeExchange) {
        let keys = keys ?? (inviter.publicKey, joiner.publicKey)
        let joining = try CodeExchange(role: .joiner, password: joinerWords.password, joinerNonce: joinerNonce,
                                       inviterNonce: inviterNonce ?? self.inviterNonce, inviterKey: keys.inviter, joinerKey: keys.joiner)
        let inviting = try CodeExchange(role: .inviter, password: inviterWords.password, joinerNonce: joinerNonce,
                                        inviterNonce: self.inviterNonce, inviterKey: inviter.publicKey, joinerKey: joiner.publicKey)
        return (joining, inviting)
    }

    @Test("a code reads back as written, in any case and with spaces; the longest is 25 characters")
    func roundTrip() throws {
        let code = InviteCode(nameplate: 7, first: 169, second: 105)!
        #expect(code.description == "7-revenge-guitarist")
        #expect(try InviteCode(parsing: "7 Revenge GUITARIST") == code)
        var longest = 0
        for first in 0...255 { for second in 0...255 {
            longest = max(longest, InviteCode(nameplate: 999, first: UInt8(first), second: UInt8(second))!.description.count)
        } }
        #expect(longest <= 25)
        var random = SplitMix64(seed: 9)
        let taken = Set((1...998).map(UInt16.init))
        #expect(InviteCode.random(avoiding: taken, using: &random).nameplate == 999)
    }

    @Test("a mistyped code is refused with what is wrong: the form, the number, a word or the words' order")
    func mistypedCodes() {
        #expect(throws: InviteCodeError.malformed) { try InviteCode(parsing: "revenge-guitarist") }
        #expect(throws: InviteCodeError.nameplateOutOfRange) { try InviteCode(parsing: "0-revenge-guitarist") }
        #expect(throws: InviteCodeError.nameplateOutOfRange) { try InviteCode(parsing: "1000-revenge-guitarist") }
        #expect(throws: InviteCodeError.unknownWord("revenj")) { try InviteCode(parsing: "7-revenj-guitarist") }
        #expect(throws: InviteCodeError.unknownWord("guitarist")) { try InviteCode(parsing: "7-guitarist-revenge") }
    }

    @Test("the right code gives both sides the same key: each accepts the other's proof")
    func rightCode() throws {
        let code = InviteCode(nameplate: 7, first: 1, second: 2)!
        let (joining, inviting) = try pair(joinerWords: code, inviterWords: code)
        let joinerKeys = try joining.finish(theirShare: inviting.share)
        let inviterKeys = try inviting.finish(theirShare: joining.share)
        #expect(inviterKeys.confirms(joinerKeys.confirmation) && joinerKeys.confirms(inviterKeys.confirmation))
        #expect(!joinerKeys.confirms(joinerKeys.confirmation), "a side's own proof, reflected, is not the other's")
    }

    @Test("a wrong code: the inviter refuses the joiner's proof")
    func wrongCode() throws {
        let (joining, inviting) = try pair(joinerWords: InviteCode(nameplate: 7, first: 1, second: 2)!,
                                           inviterWords: InviteCode(nameplate: 7, first: 1, second: 3)!)
        let joinerKeys = try joining.finish(theirShare: inviting.share)
        #expect(!(try inviting.finish(theirShare: joining.share)).confirms(joinerKeys.confirmation))
    }

    @Test("a replayed transcript: the joiner's share and proof from an earlier run fail in a run with a fresh nonce")
    func replayedTranscript() throws {
        let code = InviteCode(nameplate: 7, first: 1, second: 2)!
        let (earlier, earlierInviter) = try pair(joinerWords: code, inviterWords: code)
        let recorded = (share: earlier.share, proof: try earlier.finish(theirShare: earlierInviter.share).confirmation)
        let fresh = try CodeExchange(role: .inviter, password: code.password, joinerNonce: joinerNonce,
                                     inviterNonce: [UInt8](repeating: 3, count: CodeExchange.nonceBytes),
                                     inviterKey: inviter.publicKey, joinerKey: joiner.publicKey)
        #expect(!(try fresh.finish(theirShare: recorded.share)).confirms(recorded.proof))
    }

    @Test("a relaying impostor: a run bound to another key than the inviter's fails, even with the right code")
    func relayedToAnotherKey() throws {
        let code = InviteCode(nameplate: 7, first: 1, second: 2)!
        let impostor = DeviceIdentity()
        let (joining, inviting) = try pair(joinerWords: code, inviterWords: code, keys: (impostor.publicKey, joiner.publicKey))
        let joinerKeys = try joining.finish(theirShare: inviting.share)
        #expect(!(try inviting.finish(theirShare: joining.share)).confirms(joinerKeys.confirmation))
    }

    @Test("a share that is not a group element, or is the identity, is refused before any proof")
    func badShares() throws {
        let code = InviteCode(nameplate: 7, first: 1, second: 2)!
        let (joining, _) = try pair(joinerWords: code, inviterWords: code)
        #expect(throws: CodeExchangeError.badShare) { try joining.finish(theirShare: [UInt8](repeating: 0, count: 32)) }
        #expect(throws: CodeExchangeError.badShare) { try joining.finish(theirShare: [UInt8](repeating: 0xff, count: 32)) }
        #expect(throws: CodeExchangeError.badShare) { try joining.finish(theirShare: [1, 2, 3]) }
        #expect(throws: CodeExchangeError.badNonce) {
            try CodeExchange(role: .joiner, password: code.password, joinerNonce: [1], inviterNonce: inviterNonce,
                             inviterKey: inviter.publicKey, joinerKey: joiner.publicKey)
        }
    }
}
