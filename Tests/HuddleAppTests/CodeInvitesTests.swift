import Foundation
import HuddleCore
import HuddleNet
import Testing
@testable import HuddleApp

/// The invite-code state machine of both sides, stepped by hand with the time passed in: who
/// gets admitted, what burns a code, and when a join gives up.
@Suite("Invite codes between an inviter and a joiner")
struct CodeInvitesTests {
    let inviterIdentity = DeviceIdentity(), joinerIdentity = DeviceIdentity(), strangerIdentity = DeviceIdentity()
    var inviter: PeerID { inviterIdentity.peerID }
    var joiner: PeerID { joinerIdentity.peerID }
    var stranger: PeerID { strangerIdentity.peerID }
    let workspace = WorkspaceID(creator: DeviceIdentity().peerID, nonce: WorkspaceID.randomNonce())
    let t0 = Date(timeIntervalSince1970: 1_000_000)

    /// The messages `actions` send to `peer`.
    func sent(_ actions: [CodeInvites.Action], to peer: PeerID) -> [InviteCodeMessage] {
        actions.compactMap { if case let .send(message, to) = $0, to == peer { message } else { nil } }
    }

    /// Delivers every message of `actions` to the side it is for, until nothing more is sent;
    /// returns every action taken on the way.
    func exchange(_ first: [CodeInvites.Action], from sender: PeerID, inviterSide: inout CodeInvites,
                  joinerSide: inout CodeInvites, at now: Date) -> [CodeInvites.Action] {
        var queue = first.map { (sender, $0) }, all = first
        let keys = [inviter: inviterIdentity.publicKey, joiner: joinerIdentity.publicKey]
        while !queue.isEmpty {
            let (from, action) = queue.removeFirst()
            guard case let .send(message, to) = action else { continue }
            let actions = to == inviter
                ? inviterSide.receive(message, from: from, mine: keys[inviter]!, theirs: keys[from]!, at: now)
                : joinerSide.receive(message, from: from, mine: keys[joiner]!, theirs: keys[from]!, at: now)
            all += actions
            queue += actions.map { (to, $0) }
        }
        return all
    }

    @Test("the right code: the inviter admits the joiner with its proof, the joiner confirms the inviter and the workspace")
    func rightCode() throws {
        var inviting = CodeInvites(), joining = CodeInvites()
        let issued = try inviting.issue(for: workspace, at: t0)
        try joining.beginJoin(issued.code, at: t0)
        let all = exchange(joining.ask(inviter), from: joiner, inviterSide: &inviting, joinerSide: &joining, at: t0)
        let admitted = all.contains { if case let .admit(peer, to, _, _) = $0 { peer == joiner && to == workspace } else { false } }
        #expect(admitted)
        #expect(inviting.issued.isEmpty, "the code is used up")
        // The inviter's RESULT is sent by the peer after the roster change; deliver it.
        guard case let .admit(_, _, confirmation, nameplate)? = all.first(where: { if case .admit = $0 { true } else { false } }) else { return }
        let result = joining.receive(.result(nameplate: nameplate, outcome: .accepted(confirmation: confirmation, workspace: workspace)),
                                     from: inviter, mine: joinerIdentity.publicKey, theirs: inviterIdentity.publicKey, at: t0)
        #expect(result == [.confirmed(inviter: inviter, workspace: workspace)])
    }

    @Test("a wrong code burns it: the joiner is told the words were wrong, the inviter is told, a second try finds no code")
    func wrongCodeBurns() throws {
        var inviting = CodeInvites(), joining = CodeInvites()
        let issued = try inviting.issue(for: workspace, at: t0)
        let guess = InviteCode(nameplate: issued.code.nameplate, first: issued.code.first &+ 1, second: issued.code.second)!
        try joining.beginJoin(guess, at: t0)
        let all = exchange(joining.ask(inviter), from: joiner, inviterSide: &inviting, joinerSide: &joining, at: t0)
        #expect(all.contains(.failed(.wrongCode(issued.code.nameplate))))
        #expect(all.contains { if case let .notice(text) = $0 { text.contains("burnt") } else { false } })
        #expect(!all.contains { if case .admit = $0 { true } else { false } })
        #expect(inviting.issued.isEmpty && joining.join == nil)
        try joining.beginJoin(issued.code, at: t0)
        let retry = exchange(joining.ask(inviter), from: joiner, inviterSide: &inviting, joinerSide: &joining, at: t0)
        #expect(!retry.contains { if case .failed = $0 { true } else { false } }, "other sessions may still come up")
        #expect(joining.settle(at: t0.addingTimeInterval(CodeInvites.settle)) == [.failed(.unknownCode(issued.code.nameplate))],
                "even the right words come too late")
    }

    @Test("a replayed FINISH after the code was used is answered unknown, admits no one")
    func replayedFinish() throws {
        var inviting = CodeInvites(), joining = CodeInvites()
        let issued = try inviting.issue(for: workspace, at: t0)
        try joining.beginJoin(issued.code, at: t0)
        let all = exchange(joining.ask(inviter), from: joiner, inviterSide: &inviting, joinerSide: &joining, at: t0)
        let finish = sent(all, to: inviter).first { if case .finish = $0 { true } else { false } }!
        let replayed = inviting.receive(finish, from: joiner, mine: inviterIdentity.publicKey, theirs: joinerIdentity.publicKey, at: t0)
        #expect(replayed == [.send(.result(nameplate: issued.code.nameplate, outcome: .unknownCode), to: joiner)])
    }

    @Test("an expired code: the inviter is told it expired unused, and a join then finds no code")
    func expiredCode() throws {
        var inviting = CodeInvites(), joining = CodeInvites()
        let issued = try inviting.issue(for: workspace, at: t0)
        let later = t0.addingTimeInterval(CodeInvites.lifetime + 1)
        #expect(inviting.expire(at: later).count == 1)
        try joining.beginJoin(issued.code, at: later)
        _ = exchange(joining.ask(inviter), from: joiner, inviterSide: &inviting, joinerSide: &joining, at: later)
        #expect(joining.settle(at: later.addingTimeInterval(CodeInvites.settle)) == [.failed(.unknownCode(issued.code.nameplate))])
    }

    @Test("a stranger who heard the number holds the code busy only until its run times out, and gets no proof")
    func strangerHoldsRunThenTimesOut() throws {
        var inviting = CodeInvites()
        let issued = try inviting.issue(for: workspace, at: t0)
        let nonce = [UInt8](repeating: 9, count: CodeExchange.nonceBytes)
        let reply = inviting.receive(.start(nameplate: issued.code.nameplate, nonce: nonce), from: stranger,
                                     mine: inviterIdentity.publicKey, theirs: strangerIdentity.publicKey, at: t0)
        #expect(sent(reply, to: stranger).count == 1)
        let meanwhile = inviting.receive(.start(nameplate: issued.code.nameplate, nonce: nonce), from: joiner,
                                         mine: inviterIdentity.publicKey, theirs: joinerIdentity.publicKey, at: t0)
        #expect(meanwhile == [.send(.result(nameplate: issued.code.nameplate, outcome: .busy), to: joiner)])
        let later = t0.addingTimeInterval(CodeInvites.runTimeout + 1)
        var joining = CodeInvites()
        try joining.beginJoin(issued.code, at: later)
        let all = exchange(joining.ask(inviter), from: joiner, inviterSide: &inviting, joinerSide: &joining, at: later)
        #expect(all.contains { if case .admit = $0 { true } else { false } }, "after the stranger's run timed out the real joiner gets in")
    }

    @Test("a peer that claims the number but cannot prove the code does not stop the join with the real inviter")
    func impostorClaimingTheCode() throws {
        var inviting = CodeInvites(), joining = CodeInvites()
        let issued = try inviting.issue(for: workspace, at: t0)
        try joining.beginJoin(issued.code, at: t0)
        _ = joining.ask(stranger)
        // The impostor answers with a share made from a guess, then claims success.
        let guess = try CodeExchange(role: .inviter, password: Array("apple-adviser".utf8),
                                     joinerNonce: joining.join!.nonce, inviterNonce: [UInt8](repeating: 4, count: 16),
                                     inviterKey: strangerIdentity.publicKey, joinerKey: joinerIdentity.publicKey)
        let finish = joining.receive(.reply(nameplate: issued.code.nameplate, nonce: [UInt8](repeating: 4, count: 16), share: guess.share),
                                     from: stranger, mine: joinerIdentity.publicKey, theirs: strangerIdentity.publicKey, at: t0)
        #expect(sent(finish, to: stranger).count == 1)
        let claim = joining.receive(.result(nameplate: issued.code.nameplate,
                                            outcome: .accepted(confirmation: [UInt8](repeating: 7, count: 32), workspace: workspace)),
                                    from: stranger, mine: joinerIdentity.publicKey, theirs: strangerIdentity.publicKey, at: t0)
        #expect(!claim.contains { if case .confirmed = $0 { true } else { false } })
        #expect(joining.join != nil, "the join goes on: the real inviter was asked too")
        let all = exchange(joining.ask(inviter), from: joiner, inviterSide: &inviting, joinerSide: &joining, at: t0)
        #expect(all.contains { if case .admit = $0 { true } else { false } })
    }

    @Test("a join gives up after its timeout, saying whether anyone was asked; at most 16 codes are out")
    func timeoutsAndBudget() throws {
        var joining = CodeInvites()
        try joining.beginJoin(InviteCode(nameplate: 5, first: 1, second: 1)!, at: t0)
        #expect(throws: CodeJoinFailure.joinUnderWay) { try joining.beginJoin(InviteCode(nameplate: 6, first: 1, second: 1)!, at: t0) }
        #expect(joining.joinTimedOut(at: t0.addingTimeInterval(1)) == nil)
        #expect(joining.joinTimedOut(at: t0.addingTimeInterval(CodeInvites.joinTimeout)) == .noPeers)
        var inviting = CodeInvites()
        for _ in 0..<CodeInvites.maxIssued { _ = try inviting.issue(for: workspace, at: t0) }
        #expect(throws: CodeJoinFailure.tooManyCodes) { try inviting.issue(for: workspace, at: t0) }
        #expect(Set(inviting.issued.keys).count == CodeInvites.maxIssued, "every code has its own number")
    }
}
