import Foundation
import HuddleCore

/// A private workspace this peer was added to but has not joined: the roster's signed runs
/// as a member sent them, and what they say. Nothing of it is stored until the user joins.
struct Invitation: Sendable {
    /// The workspace.
    var workspace: WorkspaceID
    /// The encoded runs received so far.
    var runs: [[UInt8]]
    /// Their size in bytes.
    var bytes: Int
    /// The peer that sent them (the runs are taken from it on join).
    var sentBy: PeerID
    /// The roster they make, once it names this peer as a member.
    var roster: Roster?
    /// The signing keys of the roster's authors (the inviter's fingerprint is shown).
    var keys: [PeerID: [UInt8]] = [:]
    /// When the first runs arrived.
    var receivedAt: Date
}

/// Invitations waiting for the user, bounded: a peer can make this one hold only so many.
struct Invitations: Sendable {
    /// Most invitations waiting, in all and from one sender.
    static let limit = 16, perSender = 4
    /// Most bytes of roster runs one invitation holds.
    static let maxBytes = 1 << 20
    /// Most workspaces remembered as declined (their rosters are then ignored).
    static let declinedLimit = 256

    private(set) var waiting: [WorkspaceID: Invitation] = [:]
    private(set) var declined: [WorkspaceID] = []

    /// Why runs for `workspace` from `peer` (of `bytes`) are not kept; nil when they are.
    func refusal(of workspace: WorkspaceID, from peer: PeerID, bytes: Int) -> InvitationRefusal? {
        if declined.contains(workspace) { return .declined }
        if let held = waiting[workspace] { return held.bytes + bytes > Self.maxBytes ? .tooLarge : nil }
        if waiting.count >= Self.limit { return .tooMany }
        if waiting.values.filter({ $0.sentBy == peer }).count >= Self.perSender { return .tooManyFromSender }
        return bytes > Self.maxBytes ? .tooLarge : nil
    }

    mutating func set(_ invitation: Invitation) { waiting[invitation.workspace] = invitation }

    mutating func take(_ workspace: WorkspaceID) -> Invitation? { waiting.removeValue(forKey: workspace) }

    mutating func decline(_ workspace: WorkspaceID) {
        waiting[workspace] = nil
        declined.removeAll { $0 == workspace }
        declined.append(workspace)
        if declined.count > Self.declinedLimit { declined.removeFirst() }
    }
}

/// Why roster runs of a workspace this peer has not joined were not kept.
enum InvitationRefusal: Equatable, Sendable, CustomStringConvertible {
    /// The user declined that workspace (not worth a line in the log).
    case declined
    /// ``Invitations/limit`` invitations wait already.
    case tooMany
    /// ``Invitations/perSender`` invitations from that peer wait already.
    case tooManyFromSender
    /// The roster is over ``Invitations/maxBytes``.
    case tooLarge

    var description: String {
        switch self {
        case .declined: "the invitation was declined"
        case .tooMany: "\(Invitations.limit) invitations wait already"
        case .tooManyFromSender: "\(Invitations.perSender) invitations from this peer wait already"
        case .tooLarge: "the invitation's roster is over \(Invitations.maxBytes >> 20) MiB"
        }
    }
}
