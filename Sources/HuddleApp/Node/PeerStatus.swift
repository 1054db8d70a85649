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
    /// When it was last seen (seconds since 1970), if ever.
    public var lastSeen: Double?
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
    /// mDNS packets sent, received and dropped (malformed, off-link) since start; `nil`
    /// without discovery.
    public var mdnsPacketsSent: Int?, mdnsPacketsReceived: Int?, mdnsPacketsDropped: Int?
    /// Channels, conversations and notes held.
    public var documents: Int?
    /// Changes accepted from peers since start.
    public var changesReceived: Int?
    /// Changes refused since start: forged, altered, malformed, or sent where they may not go.
    public var changesRefused: Int?
    /// Stored snapshots and runs that did not load and were moved aside, ever.
    public var quarantined: Int?
}
