import Foundation
import HuddleCore
import HuddleNet

/// Invite codes: an admin or member hands out a short code; a teammate who was never met
/// joins with it, and both peers end up verified (docs/protocol.md §5.7).
extension Peer {
    /// Makes a one-use code, valid for 10 minutes, that admits whoever proves it to
    /// `workspace` (nil: the default one).
    public func inviteByCode(to workspace: String?) throws(PeerError) -> IssuedInviteCode {
        let team = try privateWorkspace(workspace)
        guard let roster = sync.rosters[team], roster.isMember(id) else { throw .noSuchWorkspace(team.description) }
        let issued: CodeInvites.Issued
        do { issued = try codes.invites.issue(for: team, at: Date()) } catch { throw .refused(error.description) }
        armCodeExpiry(at: issued.expires)
        return IssuedInviteCode(code: issued.code.description, workspace: team.description,
                                workspaceName: roster.name ?? team.short,
                                expires: issued.expires.millisecondsSince1970)
    }

    /// Joins the workspace of invite code `text`: asks the peers this one has sessions with
    /// (and `address`, dialed for it, if given) for the code's number, runs the exchange with
    /// those that hold it, and once one proves the code, marks it verified and joins the
    /// workspace it admitted this peer to. Waits for that, at most
    /// ``CodeInvites/joinTimeout``.
    public func joinByCode(_ text: String, via address: String?) async throws(PeerError) -> WorkspaceSummary {
        let code: InviteCode
        do { code = try InviteCode(parsing: text) } catch { throw .refused(error.description) }
        var dialed: PeerAddress?
        if let address {
            guard let parsed = PeerAddress(parsing: address) else { throw .refused("\(address) is not HOST:PORT") }
            dialed = parsed
        }
        do { try codes.invites.beginJoin(code, at: Date()) } catch { throw .refused(error.description) }
        dialing.planner.codeJoin = (dialed, true)
        wakeDialer()
        for session in sessions.connectedPeers { act(on: codes.invites.ask(session.id)) }
        let started = codes.invites.join?.startedAt
        Task { [weak self] in
            try? await Task.sleep(for: .seconds(CodeInvites.settle))
            await self?.settleCodeJoin(startedAt: started)
            try? await Task.sleep(for: .seconds(CodeInvites.joinTimeout - CodeInvites.settle))
            await self?.codeJoinTimedOut(startedAt: started)
        }
        let outcome = await withCheckedContinuation { continuation in codes.waiter = continuation }
        return try outcome.get()
    }

    /// A step of the invite-code exchange from `peer`.
    func receiveInviteCode(_ message: InviteCodeMessage, from peer: PeerID) {
        guard let theirs = sessions.connectedPeers.first(where: { $0.id == peer })?.publicKey else { return }
        act(on: codes.invites.receive(message, from: peer, mine: profile.identity.publicKey, theirs: theirs, at: Date()))
    }

    /// A session came up while a join by code runs: ask that peer too.
    func askForCode(_ peer: PeerID) {
        act(on: codes.invites.ask(peer))
    }

    /// After any message: a join whose inviter proved the code completes once the roster
    /// (the invitation) is here.
    func completeCodeJoinIfReady() {
        guard let confirmed = codes.invites.join?.confirmed,
              sync.invitations.waiting[confirmed.workspace]?.roster != nil else { return }
        do {
            perform(try sync.join(confirmed.workspace, writable: isWritable))
            finishCodeJoin(.success(summary(of: .team(confirmed.workspace))))
        } catch {
            finishCodeJoin(.failure(error))
        }
    }

    private func act(on actions: [CodeInvites.Action]) {
        for action in actions {
            switch action {
            case let .send(message, to: peer):
                sessions.send(.inviteCode(message), to: peer)
            case let .admit(peer, to: workspace, confirmation, nameplate):
                admit(peer, to: workspace, confirmation: confirmation, nameplate: nameplate)
            case let .confirmed(inviter, workspace):
                markVerified(inviter)
                bus.yield(.notice("\(nickname(of: inviter)) (\(inviter.short)) proved the invite code: verified; joining \(workspace.short)"))
                completeCodeJoinIfReady()
            case let .failed(failure):
                finishCodeJoin(.failure(.refused(failure.description)))
            case let .notice(text):
                bus.yield(.notice(text))
            }
        }
    }

    /// The joiner proved the code: it becomes a member (its invitation is the roster, sent by
    /// the roster change) and is verified, and it gets this peer's proof.
    private func admit(_ peer: PeerID, to workspace: WorkspaceID, confirmation: [UInt8], nameplate: UInt16) {
        do {
            let step = try sync.changeRoster(.add(peer, role: .member), in: workspace, writable: isWritable)
            markVerified(peer)
            sessions.send(.inviteCode(.result(nameplate: nameplate, outcome: .accepted(confirmation: confirmation, workspace: workspace))), to: peer)
            perform(step)
            bus.yield(.notice("\(nickname(of: peer)) (\(peer.short)) joined \(sync.rosters[workspace]?.name ?? workspace.short) with invite code \(nameplate): verified"))
        } catch {
            sessions.send(.inviteCode(.result(nameplate: nameplate, outcome: .refused)), to: peer)
            bus.yield(.notice("\(peer.short) proved invite code \(nameplate) but could not be added: \(error)"))
        }
    }

    private func markVerified(_ peer: PeerID) {
        do { try applyTrust(.verify, for: peer) } catch { bus.yield(.notice("could not mark \(peer.short) verified: \(error)")) }
    }

    private func settleCodeJoin(startedAt: Date?) {
        guard codes.invites.join?.startedAt == startedAt else { return }
        act(on: codes.invites.settle(at: Date()))
    }

    private func codeJoinTimedOut(startedAt: Date?) {
        guard let join = codes.invites.join, join.startedAt == startedAt,
              let failure = codes.invites.joinTimedOut(at: Date()) else { return }
        finishCodeJoin(.failure(.refused(failure.description)))
    }

    private func finishCodeJoin(_ outcome: Result<WorkspaceSummary, PeerError>) {
        codes.invites.endJoin()
        dialing.planner.codeJoin = (nil, false)
        codes.waiter?.resume(returning: outcome)
        codes.waiter = nil
    }

    /// Says when an issued code expires unused.
    private func armCodeExpiry(at date: Date) {
        Task { [weak self] in
            try? await Task.sleep(for: .seconds(max(0, date.timeIntervalSinceNow) + 0.1))
            await self?.expireCodes()
        }
    }

    private func expireCodes() { act(on: codes.invites.expire(at: Date())) }
}

/// Invite codes' state on a peer: the codes and join (``CodeInvites``) and whoever waits for
/// the join to end.
struct CodeState: Sendable {
    var invites = CodeInvites()
    var waiter: CheckedContinuation<Result<WorkspaceSummary, PeerError>, Never>?
}

/// A code `huddle invite --code` made.
public struct IssuedInviteCode: Equatable, Sendable, Codable {
    /// The code to read aloud (`7-guitarist-revenge`).
    public var code: String
    /// The workspace's ID and name.
    public var workspace: String, workspaceName: String
    /// When it stops working if unused (milliseconds since 1970).
    public var expires: Int64
}
