import Foundation
import HuddleCore
import HuddleNet

/// Invite codes: the codes this peer issued (as inviter) and the join by code it runs (as
/// joiner), as a value with the time passed in. Each code is good for one run of
/// ``CodeExchange`` within ``lifetime``: a wrong proof burns it, a right one uses it up.
///
/// The joiner asks every peer it has a session with for the code's number; each that holds
/// it answers with a run of its own (at most ``maxRunsPerJoin``), so a peer that merely
/// claims the number learns nothing but whether its one guess was right, and cannot stop the
/// real inviter's run.
struct CodeInvites: Sendable {
    /// How long an issued code lives: 10 minutes.
    static let lifetime: TimeInterval = 600
    /// Most codes one peer has out at once.
    static let maxIssued = 16
    /// A run that got no FINISH within this frees its code for another run.
    static let runTimeout: TimeInterval = 30
    /// How long a join waits for an inviter to answer and its roster to arrive.
    static let joinTimeout: TimeInterval = 15
    /// A join in which every peer asked said it holds no such code ends after this much
    /// time, not before: sessions (the `--peer` dial, discovery) may still be coming up.
    static let settle: TimeInterval = 3
    /// Most peers a join runs the exchange with, and most it asks.
    static let maxRunsPerJoin = 8, maxAsked = 256

    /// A code this peer issued and has not yet seen used, burnt or expired.
    struct Issued: Sendable {
        let code: InviteCode
        let workspace: WorkspaceID
        let expires: Date
        var run: InviterRun?
    }

    /// The run of an issued code with one joiner.
    struct InviterRun: Sendable {
        let peer: PeerID
        let exchange: CodeExchange
        let startedAt: Date
    }

    /// The join by code this peer runs.
    struct Join: Sendable {
        let code: InviteCode
        let nonce: [UInt8]
        let startedAt: Date
        /// Peers asked for the code's number.
        var asked: Set<PeerID> = []
        /// Runs whose FINISH went out: their keys, until the RESULT comes.
        var runs: [PeerID: CodeExchangeKeys] = [:]
        /// Peers that ended their part, and how.
        var answers: [PeerID: InviteCodeOutcome] = [:]
        /// The inviter that proved the code, and the workspace it admitted this peer to.
        var confirmed: (inviter: PeerID, workspace: WorkspaceID)?
    }

    private(set) var issued: [UInt16: Issued] = [:]
    private(set) var join: Join?

    /// What the peer does after a step.
    enum Action: Sendable, Equatable {
        /// Send a step to a peer.
        case send(InviteCodeMessage, to: PeerID)
        /// (Inviter) the joiner proved the code: add it to the workspace, mark it verified and
        /// send it `confirmation` in an accepted RESULT.
        case admit(PeerID, to: WorkspaceID, confirmation: [UInt8], nameplate: UInt16)
        /// (Joiner) the inviter proved the code: mark it verified and join the workspace
        /// when its roster arrives.
        case confirmed(inviter: PeerID, workspace: WorkspaceID)
        /// (Joiner) the join is over without success.
        case failed(CodeJoinFailure)
        /// Worth a line in the log (the inviter is told of wrong codes and expiry).
        case notice(String)
    }

    // MARK: inviter

    /// Issues a new code for `workspace`.
    mutating func issue(for workspace: WorkspaceID, at now: Date) throws(CodeJoinFailure) -> Issued {
        _ = expire(at: now)
        guard issued.count < Self.maxIssued else { throw .tooManyCodes }
        var random = SystemRandomNumberGenerator()
        let code = InviteCode.random(avoiding: Set(issued.keys), using: &random)
        let made = Issued(code: code, workspace: workspace, expires: now.addingTimeInterval(Self.lifetime))
        issued[code.nameplate] = made
        return made
    }

    /// Forgets expired codes and stalled runs; says which codes expired unused.
    mutating func expire(at now: Date) -> [Action] {
        var actions: [Action] = []
        for (nameplate, code) in issued {
            if code.expires <= now {
                issued[nameplate] = nil
                actions.append(.notice("invite code \(code.code.nameplate) expired unused; make a new one with huddle invite --code"))
            } else if let run = code.run, now.timeIntervalSince(run.startedAt) > Self.runTimeout {
                issued[nameplate]?.run = nil
            }
        }
        return actions
    }

    // MARK: joiner

    /// Starts joining with `code`; refused while another join runs.
    mutating func beginJoin(_ code: InviteCode, at now: Date) throws(CodeJoinFailure) {
        if let join, now.timeIntervalSince(join.startedAt) < Self.joinTimeout { throw .joinUnderWay }
        join = Join(code: code, nonce: CodeExchange.randomNonce(), startedAt: now)
    }

    /// Asks `peer` for the join's code (once per peer).
    mutating func ask(_ peer: PeerID) -> [Action] {
        guard var join, join.confirmed == nil, join.asked.count < Self.maxAsked, join.asked.insert(peer).inserted else { return [] }
        self.join = join
        return [.send(.start(nameplate: join.code.nameplate, nonce: join.nonce), to: peer)]
    }

    /// Ends the join (it succeeded, failed or was given up).
    mutating func endJoin() { join = nil }

    /// Whether the join ran out of time at `now` (then it is over), and why, from what the
    /// peers asked said.
    mutating func joinTimedOut(at now: Date) -> CodeJoinFailure? {
        guard let join, now.timeIntervalSince(join.startedAt) >= Self.joinTimeout else { return nil }
        self.join = nil
        if join.confirmed != nil { return .rosterNeverArrived }
        return Self.failure(of: join) ?? (join.asked.isEmpty ? .noPeers : .noAnswer)
    }

    /// Ends the join at `now` if every peer asked has answered without success and
    /// ``settle`` has passed (the peer calls it then, and after every step).
    mutating func settle(at now: Date) -> [Action] { decideIfOver(at: now) }

    // MARK: steps

    /// Handles a step from `peer`; `mine` and `theirs` are the two peers' public keys as the
    /// session authenticated them.
    mutating func receive(_ message: InviteCodeMessage, from peer: PeerID, mine: [UInt8], theirs: [UInt8], at now: Date) -> [Action] {
        var actions = expire(at: now)
        switch message {
        case let .start(nameplate, nonce):
            actions += start(nameplate, joinerNonce: nonce, from: peer, mine: mine, theirs: theirs, at: now)
        case let .finish(nameplate, share, confirmation):
            actions += finish(nameplate, share: share, confirmation: confirmation, from: peer)
        case let .reply(nameplate, nonce, share):
            actions += reply(nameplate, inviterNonce: nonce, share: share, from: peer, mine: mine, theirs: theirs)
        case let .result(nameplate, outcome):
            actions += result(nameplate, outcome, from: peer)
        }
        return actions + decideIfOver(at: now)
    }

    private mutating func start(_ nameplate: UInt16, joinerNonce: [UInt8], from peer: PeerID, mine: [UInt8], theirs: [UInt8], at now: Date) -> [Action] {
        guard var code = issued[nameplate] else { return [.send(.result(nameplate: nameplate, outcome: .unknownCode), to: peer)] }
        if let run = code.run, run.peer != peer { return [.send(.result(nameplate: nameplate, outcome: .busy), to: peer)] }
        let nonce = CodeExchange.randomNonce()
        guard let exchange = try? CodeExchange(role: .inviter, password: code.code.password, joinerNonce: joinerNonce,
                                               inviterNonce: nonce, inviterKey: mine, joinerKey: theirs) else {
            return [.send(.result(nameplate: nameplate, outcome: .unknownCode), to: peer)]
        }
        code.run = InviterRun(peer: peer, exchange: exchange, startedAt: now)
        issued[nameplate] = code
        return [.send(.reply(nameplate: nameplate, nonce: nonce, share: exchange.share), to: peer)]
    }

    private mutating func finish(_ nameplate: UInt16, share: [UInt8], confirmation: [UInt8], from peer: PeerID) -> [Action] {
        guard let code = issued[nameplate], let run = code.run, run.peer == peer else {
            return [.send(.result(nameplate: nameplate, outcome: .unknownCode), to: peer)]
        }
        issued[nameplate] = nil // one run per code, right or wrong
        guard let keys = try? run.exchange.finish(theirShare: share), keys.confirms(confirmation) else {
            return [.send(.result(nameplate: nameplate, outcome: .wrongCode), to: peer),
                    .notice("\(peer.short) tried invite code \(nameplate) with the wrong words: the code is burnt; make a new one with huddle invite --code")]
        }
        return [.admit(peer, to: code.workspace, confirmation: keys.confirmation, nameplate: nameplate)]
    }

    private mutating func reply(_ nameplate: UInt16, inviterNonce: [UInt8], share: [UInt8], from peer: PeerID, mine: [UInt8], theirs: [UInt8]) -> [Action] {
        guard var join, join.code.nameplate == nameplate, join.confirmed == nil, join.asked.contains(peer),
              join.runs[peer] == nil, join.answers[peer] == nil, join.runs.count < Self.maxRunsPerJoin else { return [] }
        do {
            let exchange = try CodeExchange(role: .joiner, password: join.code.password, joinerNonce: join.nonce,
                                            inviterNonce: inviterNonce, inviterKey: theirs, joinerKey: mine)
            let keys = try exchange.finish(theirShare: share)
            join.runs[peer] = keys
            self.join = join
            return [.send(.finish(nameplate: nameplate, share: exchange.share, confirmation: keys.confirmation), to: peer)]
        } catch {
            join.answers[peer] = .refused
            self.join = join
            return []
        }
    }

    private mutating func result(_ nameplate: UInt16, _ outcome: InviteCodeOutcome, from peer: PeerID) -> [Action] {
        guard var join, join.code.nameplate == nameplate, join.confirmed == nil, join.asked.contains(peer),
              join.answers[peer] == nil else { return [] }
        let keys = join.runs.removeValue(forKey: peer)
        if case let .accepted(confirmation, workspace) = outcome {
            guard let keys, keys.confirms(confirmation) else {
                join.answers[peer] = .refused
                self.join = join
                return [.notice("\(peer.short) claimed to hold invite code \(nameplate) but could not prove it (an impostor?)")]
            }
            join.confirmed = (peer, workspace)
            self.join = join
            return [.confirmed(inviter: peer, workspace: workspace)]
        }
        // Only a peer this one ran the exchange with can say the words were wrong.
        join.answers[peer] = outcome == .wrongCode && keys == nil ? .unknownCode : outcome
        self.join = join
        return []
    }

    /// Ends the join with the most telling failure: at once when an inviter this peer ran
    /// the exchange with said the words were wrong (the code is burnt) and no other run is
    /// under way; once every peer asked answered otherwise, after ``settle``.
    private mutating func decideIfOver(at now: Date) -> [Action] {
        guard let join, join.confirmed == nil, join.runs.isEmpty, let failure = Self.failure(of: join) else { return [] }
        let wrong = failure == .wrongCode(join.code.nameplate)
        guard wrong || (join.answers.count == join.asked.count && now.timeIntervalSince(join.startedAt) >= Self.settle) else { return [] }
        self.join = nil
        return [.failed(failure)]
    }

    /// The most telling failure among the answers so far, if any.
    private static func failure(of join: Join) -> CodeJoinFailure? {
        let answers = Array(join.answers.values)
        if answers.contains(.wrongCode) { return .wrongCode(join.code.nameplate) }
        if answers.contains(.refused) { return .refused }
        if answers.contains(.busy) { return .busy }
        if answers.contains(.unknownCode) { return .unknownCode(join.code.nameplate) }
        return nil
    }
}

/// Why a join by code, or making a code, did not work.
enum CodeJoinFailure: Error, Equatable, Sendable, CustomStringConvertible {
    /// The words did not match the inviter's code; it is burnt now.
    case wrongCode(UInt16)
    /// No peer holds a live code with that number.
    case unknownCode(UInt16)
    /// Someone else is using that code right now.
    case busy
    /// The inviter could not add members, or a peer failed to prove the code.
    case refused
    /// Another join by code is under way.
    case joinUnderWay
    /// No session came up to ask.
    case noPeers
    /// Peers were asked but none answered in time.
    case noAnswer
    /// The inviter proved the code but its roster did not arrive in time.
    case rosterNeverArrived
    /// ``CodeInvites/maxIssued`` codes are out already.
    case tooManyCodes

    var description: String {
        switch self {
        case let .wrongCode(number): "the words of invite code \(number) were wrong; the code is burnt now: ask for a new one"
        case let .unknownCode(number): "no peer holds a live invite code \(number) (used, expired or mistyped?); ask for a new one, or give --peer HOST:PORT of the inviter"
        case .busy: "someone else is using that invite code right now; ask for a new one"
        case .refused: "the invite code did not lead to a workspace (the inviter can no longer add members, or a peer could not prove the code)"
        case .joinUnderWay: "a join by code is under way already"
        case .noPeers: "no peer could be reached to ask for the code; give --peer HOST:PORT of the inviter"
        case .noAnswer: "no peer answered for the code in \(Int(CodeInvites.joinTimeout)) s; is the inviter's huddle running? give --peer HOST:PORT"
        case .rosterNeverArrived: "the inviter proved the code but its workspace did not arrive; try huddle invites"
        case .tooManyCodes: "\(CodeInvites.maxIssued) invite codes are out already; wait for one to be used or to expire"
        }
    }
}
