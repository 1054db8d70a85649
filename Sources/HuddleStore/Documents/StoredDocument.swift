import Foundation
import GRDB

/// A channel, note or direct conversation this peer keeps a copy of.
public struct StoredDocument: Equatable, Sendable, Codable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "document"

    /// The document ID, e.g. `lan/#general`, `lan/note/plan`, `dm/ID1/ID2`.
    public var id: String
    /// The workspace it belongs to (`lan`, or `dm` for direct messages).
    public var workspace: String
    /// `chat` or `note`.
    public var kind: String
    /// The name shown to the user, e.g. `#general` or `plan`.
    public var name: String
    /// When this peer first learned of it (seconds since 1970).
    public var createdAt: Double
    /// The peer ID of the author of the latest change stored, if any.
    public var lastAuthor: String?
    /// When the latest change was stored.
    public var lastEditAt: Double?

    /// A document record from its parts.
    public init(id: String, workspace: String, kind: String, name: String, createdAt: Double,
                lastAuthor: String? = nil, lastEditAt: Double? = nil) {
        self.id = id
        self.workspace = workspace
        self.kind = kind
        self.name = name
        self.createdAt = createdAt
        self.lastAuthor = lastAuthor
        self.lastEditAt = lastEditAt
    }
}
