import HuddleStore

/// How far this peer trusts another, as lists show it.
public enum PeerTrust: String, Hashable, Sendable, Codable {
    /// Seen on the LAN, never in a session.
    case new
    /// Met and accepted on first use, not compared yet.
    case known
    /// The user compared fingerprints.
    case verified
    /// The user refuses its key.
    case blocked

    init(_ level: TrustLevel) {
        switch level {
        case .known: self = .known
        case .verified: self = .verified
        case .blocked: self = .blocked
        }
    }
}

/// What the user decides about a peer's key: `huddle trust NICK verify|block`, `/verify`, `/block`.
public enum TrustAction: String, Hashable, Sendable, Codable, CaseIterable {
    /// Mark it verified (after comparing fingerprints).
    case verify
    /// Refuse it from now on; its session ends.
    case block

    /// The trust the peer has afterwards.
    public var result: PeerTrust { self == .verify ? .verified : .blocked }

    var level: TrustLevel { self == .verify ? .verified : .blocked }
}
