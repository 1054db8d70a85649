import HuddleCore

/// The other side of an established session: proven by TLS, introduced by its Hello.
public struct SessionPeer: Equatable, Sendable {
    /// Its peer ID (SHA-256 of its key).
    public var id: PeerID
    /// Its raw Ed25519 public key.
    public var publicKey: [UInt8]
    /// Its nickname, as its Hello said (sanitise before showing).
    public var nickname: String
    /// The remote address of the connection (`host:port`).
    public var address: String
    /// The port it accepts sessions on (from its Hello).
    public var listenPort: Int
    /// Whether this side dialed.
    public var dialedByUs: Bool
    /// The protocol version both speak on this session.
    public var protocolVersion: UInt32
    /// Its capabilities.
    public var capabilities: [String]
}

/// What the session layer reports, in order.
public enum SessionEvent: Sendable {
    /// A session is up: both keys checked, both Hellos exchanged.
    case established(SessionPeer)
    /// A session ended. `deliberate`: one side ended it with a word (a Refusal: shutting
    /// down, blocked, a duplicate, not needed); otherwise it went silent or broke, and the
    /// peer may be gone.
    case closed(PeerID, reason: String, deliberate: Bool)
    /// A connection failed before it became a session, or the peer refused it. `incompatible`
    /// says the two sides speak no common protocol version: a user must upgrade.
    /// `nothingAnswered`: a dial found no connection at all there (the host or its huddle may
    /// be gone), unlike a peer that answered and then refused or was slow.
    case refused(address: String, reason: String, incompatible: Bool, nothingAnswered: Bool)
    /// A sync message for the layers above. Call ``SessionManager/consumed(from:)`` once it
    /// is handled (also after `.malformed`).
    case message(PeerID, SyncMessage)
    /// A message for the layers above that could not be read: the peer is faulty or hostile.
    case malformed(PeerID, SyncMessageError)
    /// The session with the peer can take writes again after its send buffer was full.
    case writable(PeerID)
}

/// Protocol facts of this build.
public enum WireProtocol {
    /// The newest protocol version this build speaks.
    public static let version: UInt32 = 1
    /// The oldest protocol version this build still speaks.
    public static let minimumVersion: UInt32 = 1
    /// The TCP port huddle listens on unless told otherwise (falls back to any free port).
    public static let defaultPort = 47474
    /// Capabilities this build announces in Hello: `sync.v1` (SyncState and ChangeBatch).
    public static let capabilities = ["sync.v1"]
    /// Most capabilities kept from a peer's Hello, and the longest kept.
    public static let maxCapabilities = 32, maxCapabilityBytes = 64
    /// What Hello says about the software.
    public static let software = "huddle 0.1.0"
}
