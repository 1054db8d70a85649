/// What a document is and who may see it, parsed from its ID.
///
/// - `WS/#NAME`: a channel of the workspace `WS` (a chat log), where `WS` is `lan` (the open
///   lobby) or a private workspace's ID (`ws…`, see ``WorkspaceID``);
/// - `WS/note/NAME`: a note of `WS` (a text document);
/// - `WSID/roster`: the roster of a private workspace (a chat log of ``RosterOperation``s);
/// - `dm/ID1/ID2`: the direct conversation of two peers, IDs in ascending order (a chat log).
///
/// Anything else is refused, so a peer cannot make this one store or show an arbitrary name.
/// Who may hold a document of a private workspace depends on its roster, which the sync
/// engine holds; this type only knows the shape.
public enum DocumentID: Hashable, Sendable, CustomStringConvertible {
    /// A channel; `name` is without the `#`.
    case channel(workspace: Workspace, name: String)
    /// A note.
    case note(workspace: Workspace, name: String)
    /// A direct conversation; `first < second`.
    case direct(PeerID, PeerID)
    /// The roster of a private workspace.
    case roster(WorkspaceID)

    /// The open workspace every authenticated peer belongs to.
    public static let openWorkspace = "lan"
    /// The channel every peer has: `lan/#general`.
    public static let general = DocumentID.channel(workspace: .lan, name: "general")
    /// Longest channel or note name, in characters.
    public static let maxNameLength = 64

    /// The channel `#name` of `workspace` (`name` may start with `#`; it is lowercased).
    public static func channel(_ name: String, in workspace: Workspace = .lan) throws(DocumentNameError) -> DocumentID {
        let bare = (name.hasPrefix("#") ? String(name.dropFirst()) : name).lowercased()
        try checkChannel(bare)
        return .channel(workspace: workspace, name: bare)
    }

    /// The note `name` of `workspace`.
    public static func note(_ name: String, in workspace: Workspace = .lan) throws(DocumentNameError) -> DocumentID {
        try checkNote(name)
        return .note(workspace: workspace, name: name)
    }

    /// The direct conversation of `a` and `b`.
    public static func direct(between a: PeerID, and b: PeerID) -> DocumentID {
        a < b ? .direct(a, b) : .direct(b, a)
    }

    /// Parses and checks an ID from anywhere (a peer, the store, the user).
    public init(parsing text: String) throws(DocumentNameError) {
        let parts = text.split(separator: "/", maxSplits: 2, omittingEmptySubsequences: false).map(String.init)
        let workspace = parts.first.flatMap { Workspace(parsing: $0) }
        switch parts.first {
        case _ where workspace != nil && parts.count == 2 && parts[1].hasPrefix("#"):
            self = try Self.channel(parts[1], in: workspace!)
        case _ where workspace != nil && parts.count == 3 && parts[1] == "note":
            self = try Self.note(parts[2], in: workspace!)
        case let first? where parts.count == 2 && parts[1] == "roster":
            guard let id = WorkspaceID(parsing: first) else { throw .malformed(String(text.prefix(80))) }
            self = .roster(id)
        case "dm" where parts.count == 3:
            guard let a = PeerID(parsing: parts[1]), let b = PeerID(parsing: parts[2]), a < b,
                  a.description == parts[1], b.description == parts[2]
            else { throw .malformed(text.count > 80 ? String(text.prefix(80)) + "…" : text) }
            self = .direct(a, b)
        default:
            throw .malformed(text.count > 80 ? String(text.prefix(80)) + "…" : text)
        }
        guard description == text else { throw .malformed(String(text.prefix(80))) }
    }

    /// The ID's text form.
    public var description: String {
        switch self {
        case let .channel(workspace, name): "\(workspace)/#\(name)"
        case let .note(workspace, name): "\(workspace)/note/\(name)"
        case let .direct(a, b): "dm/\(a)/\(b)"
        case let .roster(id): "\(id)/roster"
        }
    }

    /// The workspace a channel, note or roster belongs to; nil for a direct conversation.
    public var workspace: Workspace? {
        switch self {
        case let .channel(workspace, _), let .note(workspace, _): workspace
        case let .roster(id): .team(id)
        case .direct: nil
        }
    }

    /// Where it is stored: the workspace's text form, or `dm`.
    public var storageGroup: String { workspace?.description ?? "dm" }

    /// Whether it is a chat log (channel, direct conversation or roster) rather than a note.
    public var isChat: Bool {
        if case .note = self { return false }
        return true
    }

    /// Whether it is a workspace's roster (shown as members, never as a channel).
    public var isRoster: Bool {
        if case .roster = self { return true }
        return false
    }

    /// The channel or note name (a channel's without `#`); nil for a direct conversation.
    public var name: String? {
        switch self {
        case let .channel(_, name), let .note(_, name): name
        case .direct, .roster: nil
        }
    }

    /// The name shown: `#general`, `plan`, or for a direct conversation the other peer's short ID
    /// as seen by `me`.
    public func displayName(for me: PeerID) -> String {
        switch self {
        case let .channel(_, name): "#\(name)"
        case let .note(_, name): name
        case let .direct(a, b): "@" + (a == me ? b : a).short
        case .roster: "roster"
        }
    }

    /// Whether `peer` is one of the two peers of a direct conversation; true for every other
    /// document, whose access the workspace decides (the open lobby, or a roster).
    public func admitsDirectly(_ peer: PeerID) -> Bool {
        switch self {
        case let .direct(a, b): peer == a || peer == b
        case .channel, .note, .roster: true
        }
    }

    /// The other peer of a direct conversation, seen from `me`.
    public func otherPeer(than me: PeerID) -> PeerID? {
        guard case let .direct(a, b) = self, me == a || me == b else { return nil }
        return a == me ? b : a
    }

    static func checkChannel(_ name: String) throws(DocumentNameError) {
        guard !name.isEmpty, name.count <= 32,
              name.unicodeScalars.allSatisfy({ ("a"..."z").contains($0) || ("0"..."9").contains($0) || "-_.".unicodeScalars.contains($0) })
        else { throw .badChannelName(name) }
    }

    static func checkNote(_ name: String) throws(DocumentNameError) {
        let allowed = name.unicodeScalars.allSatisfy { scalar in
            switch scalar.properties.generalCategory {
            case .control, .format, .lineSeparator, .paragraphSeparator, .surrogate, .privateUse, .unassigned: false
            default: scalar != "/" && scalar != "\\"
            }
        }
        guard allowed, !name.isEmpty, name.count <= maxNameLength, name.first != " ", name.last != " ",
              name != ".", name != ".."
        else { throw .badNoteName(name) }
    }
}

/// Why a document name or ID was refused.
public enum DocumentNameError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A channel name other than 1 to 32 of `a-z 0-9 - _ .`.
    case badChannelName(String)
    /// A note name that is empty, too long, has `/`, `\`, control or format characters, or
    /// leading or trailing spaces.
    case badNoteName(String)
    /// Not a document ID huddle knows.
    case malformed(String)

    public var description: String {
        switch self {
        case .badChannelName:
            "a channel name is 1 to 32 of a-z, 0-9, '-', '_' and '.', e.g. #general"
        case .badNoteName:
            "a note name is 1 to \(DocumentID.maxNameLength) characters without '/', '\\', control characters or leading or trailing spaces"
        case .malformed:
            "not a document huddle knows"
        }
    }
}

/// A document ID is coded as its text form (`"lan/#general"`), checked when decoded.
extension DocumentID: Codable {
    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        do { self = try DocumentID(parsing: text) } catch {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "\(error)"))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
