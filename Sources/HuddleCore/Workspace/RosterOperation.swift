/// A member's role in a private workspace.
public enum MemberRole: String, Hashable, Sendable, CaseIterable {
    /// May add and remove members, make admins and rename the workspace.
    case admin
    /// May read and write, and add members (but not ones an admin removed).
    case member
}

/// One change to a workspace's roster. Roster changes travel as the posts of the workspace's
/// roster document (a chat log, so they are signed, chained and delivered in causal order);
/// each post's body is one operation in the canonical text form below, and nothing else is
/// accepted there.
public enum RosterOperation: Hashable, Sendable {
    /// The first change: the creator names the workspace; `nonce` proves the ID is theirs.
    case create(name: String, nonce: [UInt8])
    /// Adds `member` with `role` (or changes the role of a member).
    case add(PeerID, role: MemberRole)
    /// Removes `member` (by an admin, or a member leaving).
    case remove(PeerID)
    /// Renames the workspace (admins).
    case rename(String)

    /// Longest workspace name, in characters.
    public static let maxNameLength = 32

    /// The canonical text: `create NONCE NAME`, `add ROLE PEER-ID`, `remove PEER-ID`,
    /// `rename NAME`.
    public var body: String {
        switch self {
        case let .create(name, nonce): "create \(Base32.encode(nonce).lowercased()) \(name)"
        case let .add(peer, role): "add \(role.rawValue) \(peer)"
        case let .remove(peer): "remove \(peer)"
        case let .rename(name): "rename \(name)"
        }
    }

    /// Parses a post of a roster document; nil unless it is exactly an operation's canonical
    /// text with a valid name, peer ID and nonce.
    public init?(body: String) {
        let parts = body.split(separator: " ", maxSplits: 2, omittingEmptySubsequences: false).map(String.init)
        switch (parts.first, parts.count) {
        case ("create", 3):
            guard let nonce = Base32.decode(parts[1]), nonce.count == WorkspaceID.nonceLength,
                  (try? Self.checkName(parts[2])) != nil else { return nil }
            self = .create(name: parts[2], nonce: nonce)
        case ("add", 3):
            guard let role = MemberRole(rawValue: parts[1]), let peer = PeerID(parsing: parts[2]) else { return nil }
            self = .add(peer, role: role)
        case ("remove", 2):
            guard let peer = PeerID(parsing: parts[1]) else { return nil }
            self = .remove(peer)
        case ("rename", 2), ("rename", 3):
            let name = String(body.dropFirst("rename ".count))
            guard (try? Self.checkName(name)) != nil else { return nil }
            self = .rename(name)
        default:
            return nil
        }
        guard self.body == body else { return nil }
    }

    /// Checks a workspace name: 1 to 32 characters, no control, format or
    /// separator characters other than a plain space, no leading or trailing space.
    public static func checkName(_ name: String) throws(RosterError) {
        let allowed = name.unicodeScalars.allSatisfy { scalar in
            switch scalar.properties.generalCategory {
            case .control, .format, .lineSeparator, .paragraphSeparator, .surrogate, .privateUse, .unassigned: false
            case .spaceSeparator: scalar == " "
            default: true
            }
        }
        guard allowed, !name.isEmpty, name.count <= maxNameLength, name.first != " ", name.last != " "
        else { throw .badName(String(name.unicodeScalars.prefix(40).map(Character.init))) }
    }
}

/// Why a roster change or a workspace name was refused.
public enum RosterError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A workspace name that breaks ``RosterOperation/checkName(_:)``.
    case badName(String)
    /// A post of a roster document that is no roster operation.
    case notAnOperation

    public var description: String {
        switch self {
        case .badName: "a workspace name is 1 to \(RosterOperation.maxNameLength) characters without control characters or leading or trailing spaces"
        case .notAnOperation: "a roster change that is no roster operation"
        }
    }
}
