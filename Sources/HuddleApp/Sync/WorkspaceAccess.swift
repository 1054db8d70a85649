import HuddleCore

/// The access rule (``WorkspaceAccess``, in HuddleCore) as the engine asks it.
extension SyncEngine {
    var lobby: Bool {
        get { access.lobby }
        set { access.lobby = newValue }
    }
    var rosters: [WorkspaceID: Roster] {
        get { access.rosters }
        set { access.rosters = newValue }
    }
    var joinedPeers: [PeerID: Set<WorkspaceID>] {
        get { access.joinedPeers }
        set { access.joinedPeers = newValue }
    }

    func sends(_ documentID: DocumentID, to peer: PeerID) -> Bool { access.sends(documentID, to: peer) }
    func takes(_ documentID: DocumentID, from peer: PeerID) -> Bool { access.takes(documentID, from: peer) }
    func admits(author: ReplicaID, to documentID: DocumentID) -> Bool { access.admits(author: author, to: documentID) }
    func isOpenHere(_ documentID: DocumentID) -> Bool { access.isOpenHere(documentID) }
    func isMember(_ peer: PeerID, of workspace: WorkspaceID) -> Bool { access.isMember(peer, of: workspace) }

    /// Everyone in a private workspace with this peer.
    var workspaceMembers: Set<PeerID> { access.members }

    /// The documents this peer holds of `workspace`, the roster first.
    func documents(of workspace: WorkspaceID) -> [DocumentID] {
        replicas.keys.filter { $0.workspace == .team(workspace) }
            .sorted { ($0.isRoster ? 0 : 1, $0.description) < ($1.isRoster ? 0 : 1, $1.description) }
    }
}
