/// What a document is and who may see it, parsed from its ID.
///
/// - `lan/#NAME`: a channel of the open workspace `lan` (a chat log);
/// - `lan/note/NAME`: a note of `lan` (a text document);
/// - `dm/ID1/ID2`: the direct conversation of two peers, IDs in ascending order (a chat log).
///
/// Anything else is refused, so a peer cannot make this one store or show an arbitrary name.
public enum DocumentID: Hashable, Sendable, CustomStringConvertible {
    /// A channel; `name` is without the `#`.
    case channel(workspace: String, name: String)
    /// A note.
    case note(workspace: String, name: String)
    /// A direct conversation; `first < second`.
    case direct(PeerID, PeerID)

    /// The open workspace every authenticated peer belongs to.
    public static let openWorkspace = "lan"
    /// The channel every peer has: `lan/#general`.
    public static let general = DocumentID.channel(workspace: openWorkspace, name: "general")
    /// Longest channel or note name, in characters.
    public static let maxNameLength = 64

    /// The channel `#name` of the open workspace (`name` may start with `#`; it is lowercased).
    public static func channel(_ name: String) throws(DocumentNameError) -> DocumentID {
        let bare = (name.hasPrefix("#") ? String(name.dropFirst()) : name).lowercased()
        try checkChannel(bare)
        return .channel(workspace: openWorkspace, name: bare)
    }

    /// The note `name` of the open workspace.
    public static func note(_ name: String) throws(DocumentNameError) -> DocumentID {
        try checkNote(name)
        return .note(workspace: openWorkspace, name: name)
    }

    /// The direct conversation of `a` and `b`.
    public static func direct(between a: PeerID, and b: PeerID) -> DocumentID {
        a < b ? .direct(a, b) : .direct(b, a)
    }

    /// Parses and checks an ID from anywhere (a peer, the store, the user).
    public init(parsing text: String) throws(DocumentNameError) {
        let parts = text.split(separator: "/", maxSplits: 2, omittingEmptySubsequences: false).map(String.init)
        switch parts.first {
        case Self.openWorkspace where parts.count == 2 && parts[1].hasPrefix("#"):
            self = try Self.channel(parts[1])
        case Self.openWorkspace where parts.count == 3 && parts[1] == "note":
            self = try Self.note(parts[2])
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
        }
    }

    /// The workspace: `lan` or `dm`.
    public var workspace: String {
        switch self {
        case let .channel(workspace, _), let .note(workspace, _): workspace
        case .direct: "dm"
        }
    }

    /// Whether it is a chat log (channel or direct) rather than a note.
    public var isChat: Bool {
        if case .note = self { return false }
        return true
    }

    /// The channel or note name (a channel's without `#`); nil for a direct conversation.
    public var name: String? {
        switch self {
        case let .channel(_, name), let .note(_, name): name
        case .direct: nil
        }
    }

    /// The name shown: `#general`, `plan`, or for a direct conversation the other peer's short ID
    /// as seen by `me`.
    public func displayName(for me: PeerID) -> String {
        switch self {
        case let .channel(_, name): "#\(name)"
        case let .note(_, name): name
        case let .direct(a, b): "@" + (a == me ? b : a).short
        }
    }

    /// Whether `peer` may hold and receive this document: anyone in the open workspace, only
    /// the two peers for a direct conversation.
    public func isVisible(to peer: PeerID) -> Bool {
        switch self {
        case let .channel(workspace, _), let .note(workspace, _): workspace == Self.openWorkspace
        case let .direct(a, b): peer == a || peer == b
        }
    }

    /// Whether a change by `author` may belong here: anyone who may see it.
    public func accepts(author: PeerID) -> Bool { isVisible(to: author) }

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
