/// A channel, note or direct conversation, for lists.
public struct DocumentSummary: Equatable, Sendable, Codable {
    /// The document ID.
    public var document: String
    /// `channel`, `note` or `direct`.
    public var kind: String
    /// The name shown: `#general`, `plan`, or the other peer's nickname for a direct conversation.
    public var name: String
    /// Messages by others after the read marker (chats only).
    public var unread: Int
    /// Nickname of the author of the latest change, if any.
    public var lastEditor: String?
    /// When the latest change was stored (seconds since 1970).
    public var lastEditAt: Double?
    /// Characters (notes) or messages (chats).
    public var size: Int
}
