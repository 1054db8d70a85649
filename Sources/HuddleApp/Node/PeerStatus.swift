import HuddleCore
import HuddleStore

/// One teammate as this peer sees it: discovered, connected and/or known from before.
public struct PeerStatus: Equatable, Sendable, Codable {
    /// The peer ID (grouped text).
    public var id: String
    /// Its short ID.
    public var shortID: String
    /// Its nickname (as it announced it; sanitise before showing).
    public var nickname: String
    /// Whether a session is up now.
    public var online: Bool
    /// `new` (seen, never connected), `known`, `verified` or `blocked`.
    public var trust: PeerTrust
    /// Addresses it was seen at, newest first (`host:port`).
    public var addresses: [String]
    /// The port it accepts sessions on.
    public var port: Int?
    /// Whether discovery currently sees it on the LAN.
    public var discovered: Bool
    /// When it was last seen (milliseconds since 1970, as every time in huddle's JSON), if ever.
    public var lastSeen: Int64?
    /// Whether another peer goes by a nickname that looks like this one's (the same, or the
    /// same Unicode TR39 skeleton): tell them apart by their short IDs.
    public var nameCollides: Bool?
    /// The member of one of this peer's private workspaces whose nickname this peer, not a
    /// member and not verified, goes by (or one that looks like it): a new device of that
    /// member, or an impostor, until someone verifies it.
    public var claimsNameOf: String?
    /// Its key's fingerprint (what `huddle id` shows on its machine), once a session showed
    /// its key; nil for a peer only announced.
    public var fingerprint: String?
    /// The safety code of this peer and you: the same on both machines; compare it before
    /// verifying.
    public var safetyCode: String?
    /// The short ID of the known peer whose address answered with this key: a key change
    /// waiting for you to verify or block it (until then this key is listed as `new`).
    public var keyChangeOf: String?
    /// What it says of its presence (here, away or do not disturb, and a status text), while
    /// a session with it is up.
    public var presence: Presence?
}

/// This peer itself, for `huddle status`.
public struct NodeStatus: Equatable, Sendable, Codable {
    /// The peer ID.
    public var id: String
    /// Its short ID.
    public var shortID: String
    /// The nickname.
    public var nickname: String
    /// The port sessions are accepted on.
    public var port: Int
    /// How many sessions are up.
    public var sessions: Int
    /// Workspaces this peer is in.
    public var workspaces: [String]
    /// Whether mDNS discovery runs.
    public var discovery: Bool
    /// Key changes waiting for the user.
    public var keyChanges: Int
    /// Announced addresses that answered with another key than announced, since start (stale
    /// or spoofed announcements: never taken for a key change).
    public var staleHints: Int?
    /// mDNS packets sent, received and dropped (malformed, off-link) since start; `nil`
    /// without discovery.
    public var mdnsPacketsSent: Int?, mdnsPacketsReceived: Int?, mdnsPacketsDropped: Int?
    /// Of the dropped: packets over a source's rate (packets, or new instances, per second);
    /// and announcers not listed because as many strangers heard more recently are.
    public var mdnsRateLimited: Int?, mdnsStrangersNotListed: Int?
    /// Name conflicts seen and sends the operating system refused, since start; records
    /// cached and mDNS sockets open now (for diagnosing discovery on a busy LAN).
    public var mdnsConflicts: Int?, mdnsSendErrors: Int?, mdnsCacheEntries: Int?, mdnsOpenLinks: Int?
    /// Channels, conversations and notes held.
    public var documents: Int?
    /// Changes accepted from peers since start.
    public var changesReceived: Int?
    /// Changes refused since start: forged, altered, malformed, or sent where they may not go.
    public var changesRefused: Int?
    /// Bytes of change runs of private workspaces this peer is no member of that peers sent
    /// it since start (refused unread; members never send them, so 0 unless a peer is faulty).
    public var foreignWorkspaceBytes: Int?
    /// Stored snapshots and runs that did not load and were moved aside, ever.
    public var quarantined: Int?
    /// Authors' chains found forked since start; their changes past the fork are refused.
    public var forks: [ForkStatus]?
    /// Your presence as teammates see it.
    public var presence: Presence?
}

/// An author's chain that forked in a document (see ``NodeStatus/forks``).
public struct ForkStatus: Equatable, Sendable, Codable {
    /// The document (`lan/#general`).
    public var document: String
    /// The author's peer ID, and whether it is this peer.
    public var author: String
    public var isSelf: Bool
    /// The first seq known to differ.
    public var seq: UInt64
    /// The peer whose changes showed the fork.
    public var reportedBy: String
    /// Whether two different changes under one seq were compared (otherwise the changes only
    /// failed to follow the held chain, which a forgery does too).
    public var compared: Bool
}
