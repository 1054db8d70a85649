/// How much the user trusts a peer's key.
public enum TrustLevel: String, Codable, Sendable, CaseIterable {
    /// Seen and accepted on first contact (trust on first use), not compared yet.
    case known
    /// The user compared safety codes: the mark shown beside the name.
    case verified
    /// The user refuses this key: no session is ever set up with it.
    case blocked
}
