import HuddleCore

/// One message or stretch of a note that matched a search, newest first in a list.
public struct SearchResult: Equatable, Sendable, Codable {
    /// What matched.
    public enum Kind: String, Equatable, Sendable, Codable {
        /// A chat message (in a channel or a direct conversation).
        case message
        /// A stretch of a note's lines.
        case note
    }

    /// What matched.
    public var kind: Kind
    /// The channel, conversation or note.
    public var document: DocumentID
    /// Its name as lists show it: `#general`, `@bob`, `plan`.
    public var place: String
    /// The workspace it is in (`lan`, a private workspace's ID, or `dm`).
    public var workspace: String
    /// A message's ID as lists show it (`SHORTID@SEQ`), for `huddle show`, `reply`, `react`.
    public var id: String?
    /// A note stretch's first line (from 1).
    public var line: Int?
    /// A message's author (full peer ID), or empty.
    public var author: String
    /// A message author's nickname, or empty.
    public var nickname: String
    /// When: the message's time, or when the note was indexed (milliseconds since 1970).
    public var time: Int64
    /// The text around the match, matched words marked.
    public var excerpt: [SearchExcerptPart]

    /// The excerpt as plain text.
    public var excerptText: String { excerpt.map(\.text).joined() }
}
