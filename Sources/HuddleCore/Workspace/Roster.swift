/// Who belongs to a private workspace, read from its roster operations.
///
/// The roster is a function of the set of operations: they are replayed in the roster log's
/// total order (Lamport clock, then author), which every peer shares, so peers that hold the
/// same operations agree. Each operation counts only if its author may make it at that point:
/// - the first counted operation is the creator's `create`, whose nonce and author give the
///   workspace's ID (anything before it is ignored); the creator is the first admin;
/// - admins add, remove, promote and rename; a member adds members, except someone an admin
///   removed, so an admin's removal wins over a concurrent (or later) add by a non-admin;
/// - anyone may remove themselves (leave), except the last admin, who cannot be demoted either;
/// - at most ``maxMembers`` members.
public struct Roster: Sendable, Equatable {
    /// The workspace.
    public let id: WorkspaceID
    /// The creator, once its `create` is held.
    public private(set) var creator: PeerID?
    /// The workspace's name (nil before the `create` is held).
    public private(set) var name: String?
    /// The members now, with their roles.
    public private(set) var members: [PeerID: MemberRole] = [:]
    /// Everyone who was ever a member: their changes stay accepted when relayed.
    public private(set) var everMembers: Set<PeerID> = []
    /// Who added whom (the last counted add of each member).
    public private(set) var addedBy: [PeerID: PeerID] = [:]
    /// Members removed by an admin: only an admin may add them again.
    private var removedByAdmin: Set<PeerID> = []
    private var memberReplicas: Set<ReplicaID> = []
    private var everMemberReplicas: Set<ReplicaID> = []

    /// The most members a workspace has.
    public static let maxMembers = 1000
    /// The most operations a roster holds: each change replays them all, so a member cannot
    /// make every peer's roster grow (and its replay slow) without bound.
    public static let maxOperations = 4096

    /// The roster of `id` after `operations` (author and operation, in the log's order).
    public init(id: WorkspaceID, operations: some Sequence<(author: PeerID, operation: RosterOperation)>) {
        self.id = id
        for (author, operation) in operations { apply(operation, by: author) }
    }

    /// The roster of `id` from its roster log's messages (posts that are no operation count
    /// for nothing).
    public init(id: WorkspaceID, log: ChatLog) {
        self.init(id: id, operations: log.messages.lazy.compactMap { message in
            guard let author = PeerID(digest: message.author.bytes), let operation = RosterOperation(body: message.body) else { return nil }
            return (author, operation)
        })
    }

    /// Whether `peer` is a member now.
    public func isMember(_ peer: PeerID) -> Bool { members[peer] != nil }
    /// Whether the replica `author` is a member now (the access check on every message).
    public func isMember(_ author: ReplicaID) -> Bool { memberReplicas.contains(author) }
    /// Whether `author` was ever a member (their changes are the workspace's).
    public func wasMember(_ author: ReplicaID) -> Bool { everMemberReplicas.contains(author) }
    /// Whether `peer` is an admin now.
    public func isAdmin(_ peer: PeerID) -> Bool { members[peer] == .admin }
    /// The admins now.
    public var admins: [PeerID] { members.filter { $0.value == .admin }.map(\.key).sorted() }

    /// Whether `author` may make `operation` now (what ``init(id:operations:)`` counts).
    public func allows(_ operation: RosterOperation, by author: PeerID) -> Bool {
        guard creator != nil else {
            if case let .create(_, nonce) = operation { return WorkspaceID(creator: author, nonce: nonce) == id }
            return false
        }
        switch operation {
        case .create:
            return false
        case let .add(peer, role):
            guard members.count < Self.maxMembers || members[peer] != nil else { return false }
            if role == .member && members[peer] == .admin && admins.count == 1 { return false } // keeps an admin
            switch members[author] {
            case .admin: return true
            case .member: return role == .member && members[peer] == nil && !removedByAdmin.contains(peer)
            case nil: return false
            }
        case let .remove(peer):
            guard members[peer] != nil else { return false }
            if members[peer] == .admin && admins.count == 1 { return false }
            return members[author] == .admin || author == peer
        case .rename:
            return members[author] == .admin
        }
    }

    /// Counts `operation` by `author` if it is allowed.
    mutating func apply(_ operation: RosterOperation, by author: PeerID) {
        guard allows(operation, by: author) else { return }
        switch operation {
        case let .create(name, _):
            creator = author
            self.name = name
            set(author, .admin, by: author)
        case let .add(peer, role):
            if members[author] == .admin { removedByAdmin.remove(peer) }
            set(peer, role, by: author)
        case let .remove(peer):
            members[peer] = nil
            memberReplicas.remove(peer.replicaID)
            if members[author] == .admin && author != peer { removedByAdmin.insert(peer) }
        case let .rename(name):
            self.name = name
        }
    }

    private mutating func set(_ peer: PeerID, _ role: MemberRole, by author: PeerID) {
        members[peer] = role
        everMembers.insert(peer)
        memberReplicas.insert(peer.replicaID)
        everMemberReplicas.insert(peer.replicaID)
        addedBy[peer] = author
    }
}
