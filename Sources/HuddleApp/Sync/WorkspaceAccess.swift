import HuddleCore
import HuddleNet

/// Who shares which document with whom: the access rule, checked against the authenticated
/// peer on every message sent and received (docs/protocol.md §5).
///
/// - the open lobby `lan`: every peer, while the lobby is on (`lan = true` in the config);
/// - a direct conversation: its two peers;
/// - a private workspace's roster, channels and notes: members of its roster, while this
///   peer is one too; channels and notes go only to members that said they hold the roster
///   (they joined), and changes in them are accepted only from authors that were members.
extension SyncEngine {
    /// Whether `documentID` may be sent to `peer` now.
    func sends(_ documentID: DocumentID, to peer: PeerID) -> Bool {
        guard peer != me else { return false }
        switch documentID {
        case let .direct(a, b):
            return (peer == a || peer == b) && (me == a || me == b)
        case .channel(.lan, _), .note(.lan, _):
            return lobby
        case let .roster(workspace):
            return isMember(peer, of: workspace)
        case let .channel(.team(workspace), _), let .note(.team(workspace), _):
            return isMember(peer, of: workspace) && joinedPeers[peer]?.contains(workspace) == true
        }
    }

    /// Whether messages about `documentID` are taken from `peer` now.
    func takes(_ documentID: DocumentID, from peer: PeerID) -> Bool {
        switch documentID {
        case let .roster(workspace), let .channel(.team(workspace), _), let .note(.team(workspace), _):
            return peer != me && isMember(peer, of: workspace)
        case .direct, .channel(.lan, _), .note(.lan, _):
            return sends(documentID, to: peer)
        }
    }

    /// Whether a change by `author` may belong to `documentID` (its sender passed ``takes``):
    /// in a private workspace's channels and notes, only members' changes, present or past
    /// (a removed member's earlier messages stay the workspace's). A roster takes any
    /// author's signed operations: its replay counts only what the author may do.
    func admits(author: ReplicaID, to documentID: DocumentID) -> Bool {
        switch documentID {
        case let .direct(a, b): author == a.replicaID || author == b.replicaID
        case .channel(.lan, _), .note(.lan, _), .roster: true
        case let .channel(.team(workspace), _), let .note(.team(workspace), _): rosters[workspace]?.wasMember(author) == true
        }
    }

    /// Whether this peer itself takes part in `documentID` (reads it, writes to it).
    func isOpenHere(_ documentID: DocumentID) -> Bool {
        switch documentID {
        case let .direct(a, b): me == a || me == b
        case .channel(.lan, _), .note(.lan, _): lobby
        case let .roster(workspace), let .channel(.team(workspace), _), let .note(.team(workspace), _):
            rosters[workspace]?.isMember(replicaID) == true
        }
    }

    /// Whether `peer` and this peer are both members of `workspace` now.
    func isMember(_ peer: PeerID, of workspace: WorkspaceID) -> Bool {
        guard let roster = rosters[workspace] else { return false }
        return roster.isMember(replicaID) && roster.isMember(peer.replicaID)
    }

    /// The documents this peer holds of `workspace`, the roster first.
    func documents(of workspace: WorkspaceID) -> [DocumentID] {
        replicas.keys.filter { $0.workspace == .team(workspace) }
            .sorted { ($0.isRoster ? 0 : 1, $0.description) < ($1.isRoster ? 0 : 1, $1.description) }
    }
}
