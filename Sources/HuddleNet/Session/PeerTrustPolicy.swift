import HuddleCore

/// What the network asks before it lets a peer in. The app answers from its trust store
/// (trust on first use, verified and blocked peers, key changes); HuddleNet never decides.
public protocol PeerTrustPolicy: Sendable {
    /// Decides on a peer that proved it holds the Ed25519 key `publicKey` in a TLS handshake.
    /// `expected` is the peer ID this side dialed, if it dialed a particular peer.
    func evaluate(publicKey: [UInt8], expected: PeerID?) -> TrustDecision

    /// Told when this side dialed `expected` but the key `publicKey` answered (refused
    /// already). `announced`: the address came from a LAN announcement, which anyone can
    /// make, so the mismatch is a stale or spoofed hint, never a key change to warn about.
    func keyMismatch(expected: PeerID, publicKey: [UInt8], announced: Bool)
}

extension PeerTrustPolicy {
    public func keyMismatch(expected: PeerID, publicKey: [UInt8], announced: Bool) {}
}

/// The answer to a peer's key.
public enum TrustDecision: Equatable, Sendable {
    /// Let the session go on.
    case accept
    /// Refuse the handshake, for this reason (logged, and shown to the user where it matters).
    case reject(String)
}
