import Crypto

/// A private workspace's identity: 128 bits derived from its creator's peer ID and a random
/// nonce, so nobody but the creator can write a first roster change that matches it.
///
/// Text form: `ws` and 26 lower-case base32 symbols, e.g. `wsq3lx…`.
public struct WorkspaceID: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The 16 bytes, as two big-endian words (hashed and compared without touching the heap:
    /// every message's access check looks a workspace up).
    private let high: UInt64, low: UInt64

    /// The 16 bytes.
    public var bytes: [UInt8] { withUnsafeBytes(of: high.bigEndian, Array.init) + withUnsafeBytes(of: low.bigEndian, Array.init) }

    init(bytes: [UInt8]) {
        high = bytes[0..<8].reduce(0) { $0 << 8 | UInt64($1) }
        low = bytes[8..<16].reduce(0) { $0 << 8 | UInt64($1) }
    }

    /// Length of the random nonce of a workspace's creation.
    public static let nonceLength = 16
    static let prefix = "ws"

    /// The ID of the workspace `creator` makes with `nonce`: the first 16 bytes of
    /// SHA-256("huddle-workspace" ‖ creator ‖ nonce).
    public init(creator: PeerID, nonce: [UInt8]) {
        var hash = SHA256()
        hash.update(data: Array("huddle-workspace".utf8))
        hash.update(data: creator.bytes)
        hash.update(data: nonce)
        self.init(bytes: Array(hash.finalize().prefix(16)))
    }

    /// Parses the canonical text form; nil for anything else.
    public init?(parsing text: some StringProtocol) {
        guard text.count == Self.prefix.count + 26, text.hasPrefix(Self.prefix),
              let decoded = Base32.decode(text.dropFirst(Self.prefix.count)), decoded.count == 16 else { return nil }
        self.init(bytes: decoded)
        guard description == text else { return nil }
    }

    /// A fresh random nonce for a new workspace.
    public static func randomNonce() -> [UInt8] {
        var generator = SystemRandomNumberGenerator()
        return (0..<nonceLength).map { _ in UInt8.random(in: 0...255, using: &generator) }
    }

    public var description: String { Self.prefix + Base32.encode(bytes).lowercased() }

    /// The first 8 symbols after `ws`, as shown beside a workspace's name.
    public var short: String { String(description.dropFirst(Self.prefix.count).prefix(8)) }

    public static func < (lhs: WorkspaceID, rhs: WorkspaceID) -> Bool { (lhs.high, lhs.low) < (rhs.high, rhs.low) }
}

/// The workspace a channel or note belongs to.
public enum Workspace: Hashable, Sendable, CustomStringConvertible {
    /// The open lobby: every authenticated peer on the network (unless turned off).
    case lan
    /// A private workspace: only the members of its roster.
    case team(WorkspaceID)

    /// `lan`, or the workspace ID's text form.
    public var description: String {
        switch self {
        case .lan: DocumentID.openWorkspace
        case let .team(id): id.description
        }
    }

    /// Parses `lan` or a workspace ID.
    public init?(parsing text: some StringProtocol) {
        if text == DocumentID.openWorkspace { self = .lan } else if let id = WorkspaceID(parsing: text) { self = .team(id) } else { return nil }
    }
}
