import Foundation
import HuddleCore
import HuddleStore

/// Private workspaces: make one, invite and remove members, join and leave.
extension Peer {
    /// Makes a private workspace named `name` with this peer as its admin; returns it.
    @discardableResult
    public func createWorkspace(_ name: String) throws(PeerError) -> WorkspaceSummary {
        guard workspaceNamed(name) == nil else { throw .refused("you are in a workspace called \(name) already") }
        let (workspace, step) = try sync.createWorkspace(named: name, writable: isWritable)
        perform(step)
        return summary(of: .team(workspace))
    }

    /// The workspace verbs use when none is named (the config's `workspace`), if set.
    public var defaultWorkspaceName: String? { profile.config.workspace }

    /// The lobby (while it is on) and every private workspace this peer is a member of.
    public func workspaces() -> [WorkspaceSummary] {
        var all = sync.lobby ? [summary(of: .lan)] : []
        all += sync.rosters.values.filter { $0.isMember(id) }
            .sorted { ($0.name ?? "", $0.id) < ($1.name ?? "", $1.id) }
            .map { summary(of: .team($0.id)) }
        return all
    }

    /// Adds the peer called `name` to `workspace` (nil: the default one); the peer is sent
    /// the roster and asked to join.
    public func invite(_ name: String, to workspace: String?) throws(PeerError) {
        let team = try privateWorkspace(workspace)
        let peer = try resolvePeer(name)
        guard peer != id else { throw .toSelf }
        perform(try sync.changeRoster(.add(peer, role: .member), in: team, writable: isWritable))
    }

    /// Makes the member called `name` an admin of `workspace` (admins only).
    public func promote(_ name: String, in workspace: String?) throws(PeerError) {
        let team = try privateWorkspace(workspace)
        perform(try sync.changeRoster(.add(try resolvePeer(name), role: .admin), in: team, writable: isWritable))
    }

    /// Removes the member called `name` from `workspace` (admins only). Nothing is synced
    /// with them from then on; what they hold stays with them.
    public func removeMember(_ name: String, from workspace: String?) throws(PeerError) {
        let team = try privateWorkspace(workspace)
        let peer = try resolvePeer(name)
        guard peer != id else { throw .refused("to leave a workspace, use huddle workspace leave") }
        perform(try sync.changeRoster(.remove(peer), in: team, writable: isWritable))
    }

    /// Leaves `workspace`: this peer's removal is signed and sent, then nothing of it is
    /// synced any more (what is held stays on disk).
    public func leaveWorkspace(_ workspace: String) throws(PeerError) {
        let team = try privateWorkspace(workspace)
        perform(try sync.changeRoster(.remove(id), in: team, writable: isWritable))
    }

    /// The invitations waiting for an answer.
    public func invitations() -> [InvitationSummary] {
        sync.invitations.waiting.values.compactMap { invitation in
            guard let roster = invitation.roster else { return nil }
            let inviter = roster.addedBy[id] ?? invitation.sentBy
            return InvitationSummary(workspace: invitation.workspace.description, name: roster.name ?? invitation.workspace.short,
                                     inviter: inviter.description, inviterNickname: nickname(of: inviter),
                                     inviterFingerprint: invitation.keys[inviter].map(SafetyCode.fingerprint(of:)) ?? "",
                                     members: roster.members.count)
        }.sorted { $0.workspace < $1.workspace }
    }

    /// Joins the workspace of a waiting invitation (its ID, the start of it, or its name).
    @discardableResult
    public func join(_ invitation: String) throws(PeerError) -> WorkspaceSummary {
        let workspace = try waitingInvitation(invitation)
        perform(try sync.join(workspace, writable: isWritable))
        return summary(of: .team(workspace))
    }

    /// Declines a waiting invitation: that workspace's roster is ignored from now on.
    public func decline(_ invitation: String) throws(PeerError) {
        try sync.decline(try waitingInvitation(invitation))
    }

    /// The storage group (`lan` or a workspace ID) of the workspace a user means, to filter
    /// lists by; nil for no filter.
    public func workspaceFilter(_ name: String?) throws(PeerError) -> String? {
        guard name != nil || profile.config.workspace != nil else { return nil }
        return try workspace(name).description
    }

    // MARK: helpers

    /// The workspace a user means: nil for the config's default (else the lobby), `lan`, a
    /// private workspace's name, its ID or the start of its ID.
    func workspace(_ name: String?) throws(PeerError) -> Workspace {
        guard let name = name ?? profile.config.workspace else { return .lan }
        if name == DocumentID.openWorkspace {
            guard sync.lobby else { throw .refused("the lobby lan is off on this peer (lan = false in the config)") }
            return .lan
        }
        return .team(try privateWorkspace(name))
    }

    /// The private workspace a user means (nil: the config's default); it must be one this
    /// peer is a member of.
    func privateWorkspace(_ name: String?) throws(PeerError) -> WorkspaceID {
        guard let name = name ?? profile.config.workspace else { throw .refused("say which workspace (--workspace NAME)") }
        if let found = workspaceNamed(name) { return found }
        throw .noSuchWorkspace(name)
    }

    /// The member workspace called `name`, with the ID `name` or an ID starting with it.
    func workspaceNamed(_ name: String) -> WorkspaceID? {
        let mine = sync.rosters.values.filter { $0.isMember(id) }
        if let exact = WorkspaceID(parsing: name), mine.contains(where: { $0.id == exact }) { return exact }
        let byName = mine.filter { $0.name == name }
        if byName.count == 1 { return byName[0].id }
        let byPrefix = mine.filter { name.count >= 4 && $0.id.description.hasPrefix(name.lowercased()) }
        return byPrefix.count == 1 ? byPrefix[0].id : nil
    }

    func waitingInvitation(_ name: String) throws(PeerError) -> WorkspaceID {
        let waiting = sync.invitations.waiting.values.filter { $0.roster != nil }
        let matches = waiting.filter { invitation in
            invitation.workspace.description == name || invitation.roster?.name == name
                || (name.count >= 4 && invitation.workspace.description.hasPrefix(name.lowercased()))
        }
        guard matches.count == 1 else {
            throw matches.isEmpty ? .noSuchInvitation(name)
                                  : .refused("\(name) names \(matches.count) invitations; give the workspace ID")
        }
        return matches[0].workspace
    }

    /// How far this peer trusts `peer` (`new` when never met; itself counts as verified).
    func trust(of peer: PeerID) -> PeerTrust {
        if peer == id { return .verified }
        guard let known = try? directory.trust.peer(peer) else { return .new }
        return PeerTrust(known.trust)
    }

    func summary(of workspace: Workspace) -> WorkspaceSummary {
        guard case let .team(team) = workspace, let roster = sync.rosters[team] else {
            return WorkspaceSummary(id: DocumentID.openWorkspace, name: DocumentID.openWorkspace, isLobby: true, role: nil, members: [])
        }
        let members = roster.members.map { peer, role in
            MemberSummary(id: peer.description, shortID: peer.short, nickname: nickname(of: peer), role: role,
                          trust: trust(of: peer), isSelf: peer == id)
        }.sorted { a, b in
            let left = (a.role == .admin ? 0 : 1, a.nickname, a.id), right = (b.role == .admin ? 0 : 1, b.nickname, b.id)
            return left < right
        }
        return WorkspaceSummary(id: team.description, name: roster.name ?? team.short, isLobby: false,
                                role: roster.members[id], members: members)
    }
}
