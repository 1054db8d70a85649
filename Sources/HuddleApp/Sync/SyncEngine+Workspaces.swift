import Foundation
import HuddleCore
import HuddleNet
import HuddleStore

/// Private workspaces: making one, changing its roster, invitations and joining.
///
/// A roster is a document (`WSID/roster`) whose posts are ``RosterOperation``s, synced like
/// any chat log but only among members. Adding a peer makes it a member: the roster is sent
/// to it whole, and that is the invitation. The invitee keeps it in memory (``Invitations``)
/// until the user joins (then it is stored like any document, and the peer says it holds the
/// roster, so members send it the workspace's channels and notes) or declines.
extension SyncEngine {
    /// Makes a private workspace named `name`, with this peer as its first admin.
    mutating func createWorkspace(named name: String, writable: (PeerID) -> Bool) throws(PeerError) -> (WorkspaceID, SyncStep) {
        do { try RosterOperation.checkName(name) } catch { throw .refused(error.description) }
        let nonce = WorkspaceID.randomNonce()
        let workspace = WorkspaceID(creator: me, nonce: nonce)
        let step = try postRoster(.create(name: name, nonce: nonce), in: workspace, writable: writable)
        return (workspace, step)
    }

    /// Signs, stores and sends `operation` on the roster of `workspace`, if this peer may make it.
    mutating func changeRoster(_ operation: RosterOperation, in workspace: WorkspaceID, writable: (PeerID) -> Bool) throws(PeerError) -> SyncStep {
        guard let roster = rosters[workspace], roster.isMember(me) else { throw .noSuchWorkspace(workspace.description) }
        guard roster.allows(operation, by: me) else { throw .refused(Self.whyNot(operation, in: roster, by: me)) }
        guard (replicas[.roster(workspace)]?.chat?.postCount ?? 0) < Roster.maxOperations else {
            throw .refused("the roster holds \(Roster.maxOperations) changes, its most")
        }
        return try postRoster(operation, in: workspace, writable: writable)
    }

    private mutating func postRoster(_ operation: RosterOperation, in workspace: WorkspaceID, writable: (PeerID) -> Bool) throws(PeerError) -> SyncStep {
        var (_, step) = try post(operation.body, in: .roster(workspace), writable: writable)
        step.events.removeAll { if case .chat = $0 { true } else { false } }
        step.append(rosterChanged(workspace))
        return step
    }

    /// Why `author` may not make `operation`, in words.
    static func whyNot(_ operation: RosterOperation, in roster: Roster, by author: PeerID) -> String {
        switch operation {
        case let .add(peer, role):
            if roster.members[author] == nil { return "you are not a member" }
            if role == .admin { return "only admins make admins" }
            if roster.isMember(peer) { return "\(peer.short) is a member already" }
            if roster.members.count >= Roster.maxMembers { return "a workspace has at most \(Roster.maxMembers) members" }
            return "an admin removed \(peer.short); only an admin adds them again"
        case let .remove(peer):
            if !roster.isMember(peer) { return "\(peer.short) is not a member" }
            if roster.isAdmin(peer) && roster.admins.count == 1 { return "the last admin cannot leave or be removed; make another admin first" }
            return "only admins remove members"
        case .rename: return "only admins rename a workspace"
        case .create: return "the workspace exists"
        }
    }

    /// Reads the roster of `workspace` again after it changed, and acts on it: members who
    /// lack the roster get it whole (an invitation), members that joined are asked for what
    /// new members wrote (it was refused while they were unknown here), and peers no longer
    /// members stop being sent anything (checked on every message).
    mutating func rosterChanged(_ workspace: WorkspaceID) -> SyncStep {
        var step = SyncStep()
        guard let log = replicas[.roster(workspace)]?.chat else { return step }
        let before = rosters[workspace]
        let roster = Roster(id: workspace, log: log)
        rosters[workspace] = roster
        guard roster != before else { return step }
        step.events += [.documentsChanged, .rosterChanged(workspace)]
        if before?.isMember(me) == true && !roster.isMember(me) {
            step.events.append(.notice("you are no longer a member of \(roster.name ?? workspace.short); nothing of it is synced any more"))
        }
        for peer in joinedPeers.keys where !roster.isMember(peer) { joinedPeers[peer]?.remove(workspace) }
        let rosterID = DocumentID.roster(workspace)
        let added = Set(roster.members.keys).subtracting(before?.members.keys ?? [:].keys)
        for peer in book.known.keys.sorted() where sends(rosterID, to: peer) {
            if book.known[peer]?[rosterID] == nil {
                step.append(catchUp(peer, on: [rosterID]))
            } else if !added.subtracting([peer]).isEmpty, joinedPeers[peer]?.contains(workspace) == true {
                for message in stateMessages(for: peer, only: documents(of: workspace)) { step.send(message, to: peer) }
            }
        }
        return step
    }

    /// Roster runs of a workspace this peer has not joined: kept, within bounds, as an
    /// invitation once they make a roster that names this peer.
    mutating func receiveInvitation(_ batch: ChangeBatch, in workspace: WorkspaceID, from peer: PeerID) -> SyncStep {
        var step = SyncStep()
        let bytes = batch.runs.reduce(0) { $0 + $1.count }
        if let refusal = invitations.refusal(of: workspace, from: peer, bytes: bytes) {
            if refusal != .declined {
                book.refused += batch.runs.count
                step.events.append(.notice("refused an invitation to \(workspace.short) from \(peer.short): \(refusal)"))
            }
            return step
        }
        var invitation = invitations.waiting[workspace]
            ?? Invitation(workspace: workspace, runs: [], bytes: 0, sentBy: peer, roster: nil, receivedAt: clock())
        if invitation.sentBy != peer && invitation.roster != nil { return step } // one sender's copy is enough
        invitation.sentBy = peer
        invitation.runs += batch.runs
        invitation.bytes += bytes
        let wasValid = invitation.roster != nil
        var scratch = Replica(id: .roster(workspace), me: replicaID)
        var ignored = 0
        for run in Self.coalesced(invitation.runs, refused: &ignored) {
            let reception = scratch.receive(run, from: peer, at: clock())
            if !reception.accepted.isEmpty { invitation.keys[PeerID(publicKey: run.authorKey)] = run.authorKey }
        }
        let roster = scratch.chat.map { Roster(id: workspace, log: $0) }
        invitation.roster = roster?.isMember(me) == true ? roster : nil
        if invitation.roster == nil { book.foreignBytes += bytes } // a roster that does not name this peer
        invitations.set(invitation)
        if !wasValid, let roster = invitation.roster {
            let inviter = roster.addedBy[me] ?? peer
            step.events.append(.notice("\(inviter.short) invites you to the workspace \(roster.name ?? workspace.short) (huddle join \(workspace))"))
            step.events.append(.documentsChanged)
        }
        return step
    }

    /// Joins `workspace` from its invitation: stores the roster and tells every member with a
    /// session that this peer holds it, so they send the workspace's channels and notes.
    mutating func join(_ workspace: WorkspaceID, writable: (PeerID) -> Bool) throws(PeerError) -> SyncStep {
        guard let invitation = invitations.take(workspace), invitation.roster != nil else { throw .noSuchInvitation(workspace.description) }
        joining = invitation
        var step = receiveChanges(ChangeBatch(document: .roster(workspace), runs: invitation.runs), from: invitation.sentBy, writable: writable)
        joining = nil
        guard rosters[workspace]?.isMember(me) == true else {
            invitations.set(invitation) // kept, to try again
            throw .refused("the invitation's roster could not be stored (see the log)")
        }
        for peer in book.known.keys.sorted() where sends(.roster(workspace), to: peer) {
            for message in stateMessages(for: peer) { step.send(message, to: peer) }
        }
        return step
    }

    /// Declines the invitation to `workspace`: its roster is ignored from now on.
    mutating func decline(_ workspace: WorkspaceID) throws(PeerError) {
        guard invitations.waiting[workspace] != nil else { throw .noSuchInvitation(workspace.description) }
        invitations.decline(workspace)
    }

    /// Notes the private workspaces a peer's state says it holds the roster of (it joined),
    /// and answers each it newly joined with what this peer holds of it: so the peer knows
    /// this one holds it too, and sends what this one lacks.
    mutating func noteJoined(_ state: SyncState, by peer: PeerID) -> SyncStep {
        var step = SyncStep()
        for document in state.documents {
            guard case let .roster(workspace) = document.document, isMember(peer, of: workspace),
                  joinedPeers[peer, default: []].insert(workspace).inserted else { continue }
            for message in stateMessages(for: peer, only: documents(of: workspace)) { step.send(message, to: peer) }
        }
        return step
    }
}
