import HuddleCore

/// A channel, note or direct conversation, for lists.
public struct DocumentSummary: Equatable, Sendable, Codable {
    /// The document.
    public var document: DocumentID
    /// The workspace it belongs to: `lan`, a private workspace's ID, or `dm`.
    public var workspace: String
    /// What it is.
    public var kind: DocumentKind
    /// The name shown: `#general`, `plan`, or the other peer's nickname for a direct conversation.
    public var name: String
    /// Messages by others after the read marker (chats only).
    public var unread: Int
    /// Nickname of the author of the latest change, if any.
    public var lastEditor: String?
    /// When the latest change was stored (milliseconds since 1970, as every time in huddle's JSON).
    public var lastEditAt: Int64?
    /// Characters (notes) or messages (chats).
    public var size: Int
    /// How loudly a chat asks for attention here (chats only): chosen, or its default.
    public var notifications: NotificationLevel? = nil
}

/// What a document is, for lists (`channel`, `direct` or `note` in JSON).
public enum DocumentKind: String, Hashable, Sendable, Codable {
    case channel, direct, note

    /// The kind of `document`; nil for a roster (shown as members, never listed).
    public init?(_ document: DocumentID) {
        switch document {
        case .channel: self = .channel
        case .direct: self = .direct
        case .note: self = .note
        case .roster: return nil
        }
    }
}
