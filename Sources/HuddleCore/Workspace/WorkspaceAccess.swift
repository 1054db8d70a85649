/// Who shares which document with whom: the access rule, checked against the authenticated
/// peer on every message sent and received (docs/protocol.md §5).
///
/// - the open lobby `lan`: every peer, while the lobby is on (`lan = true` in the config);
/// - a direct conversation: its two peers;
/// - a private workspace's roster, channels and notes: members of its roster, while this
///   peer is one too; channels and notes go only to members that said they hold the roster
///   (they joined), and changes in them are accepted only from authors that were members.
public struct WorkspaceAccess: Sendable {
    /// This peer, and its replica ID (asked on every check).
    public let me: PeerID
    private let meReplica: ReplicaID
    /// Whether the open lobby `lan` is on (off: a peer that is no member of a private
    /// workspace gets nothing at all).
    public var lobby = true
    /// The roster of every private workspace this peer holds.
    public var rosters: [WorkspaceID: Roster] = [:]
    /// Per peer with a session, the private workspaces its state says it joined.
    public var joinedPeers: [PeerID: Set<WorkspaceID>] = [:]

    /// The rule for `me`, with no workspaces yet.
    public init(me: PeerID) {
        self.me = me
        meReplica = me.replicaID
    }

    /// Whether `documentID` may be sent to `peer` now.
    public func sends(_ documentID: DocumentID, to peer: PeerID) -> Bool {
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
    public func takes(_ documentID: DocumentID, from peer: PeerID) -> Bool {
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
    public func admits(author: ReplicaID, to documentID: DocumentID) -> Bool {
        switch documentID {
        case let .direct(a, b): author == a.replicaID || author == b.replicaID
        case .channel(.lan, _), .note(.lan, _), .roster: true
        case let .channel(.team(workspace), _), let .note(.team(workspace), _): rosters[workspace]?.wasMember(author) == true
        }
    }

    /// Whether this peer itself takes part in `documentID` (reads it, writes to it).
    public func isOpenHere(_ documentID: DocumentID) -> Bool {
        switch documentID {
        case let .direct(a, b): me == a || me == b
        case .channel(.lan, _), .note(.lan, _): lobby
        case let .roster(workspace), let .channel(.team(workspace), _), let .note(.team(workspace), _):
            rosters[workspace]?.isMember(meReplica) == true
        }
    }

    /// Whether `peer` and this peer are both members of `workspace` now.
    public func isMember(_ peer: PeerID, of workspace: WorkspaceID) -> Bool {
        guard let roster = rosters[workspace] else { return false }
        return roster.isMember(meReplica) && roster.isMember(peer.replicaID)
    }

    /// Everyone in a private workspace with this peer.
    public var members: Set<PeerID> {
        rosters.values.filter { $0.isMember(me) }.reduce(into: Set<PeerID>()) { $0.formUnion($1.members.keys) }.subtracting([me])
    }
}
