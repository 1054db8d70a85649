import HuddleCore
/// A chat message as the chat pane draws it (text as the peer sent it: sanitised when drawn).
public struct ChatRow: Hashable, Sendable {
    /// The message ID, stable across peers.
    public var id: String
    /// The author's nickname.
    public var nickname: String
    /// What picks the author's colour: their short peer ID.
    public var colorKey: String
    /// The text.
    public var body: String
    /// The local time it was posted, e.g. `14:05`.
    public var clock: String
    /// Whether you wrote it.
    public var mine: Bool
    /// Whether it mentions you.
    public var mentionsMe: Bool
    /// Whether it was edited.
    public var edited: Bool
    /// Whether its author deleted it: shown as "message deleted".
    public var deleted = false
    /// For a reply: the ID of the message it answers, and `nick: first line` of it ("message
    /// deleted" if it was).
    public var replyTo: String?
    public var replyQuote: String?
    /// How many replies to it the chat pane holds, and how many arrived since its thread was
    /// last open.
    public var replies = 0, newReplies = 0
    /// Its reactions as shown under it, e.g. `👍 2  ❤️ 1` (empty: none).
    /// For your own message: where it arrived ("✓ all", "→ 2 of 3"), or empty.
    public var delivery = ""
    public var reactions = ""
    /// The reactions that are yours.
    public var myReactions: Set<String> = []
    /// Whether huddle wrote it (a join, a leave, a command's result), not a teammate.
    public var isNotice: Bool
    /// The mark of how far the author's key is trusted (✓ verified, ? never met), after the
    /// nickname.
    public var trustMark = ""

    /// A row from its parts.
    public init(id: String, nickname: String, colorKey: String, body: String, clock: String,
                mine: Bool = false, mentionsMe: Bool = false, edited: Bool = false, isNotice: Bool = false) {
        self.isNotice = isNotice
        self.id = id
        self.nickname = nickname
        self.colorKey = colorKey
        self.body = body
        self.clock = clock
        self.mine = mine
        self.mentionsMe = mentionsMe
        self.edited = edited
    }
}

/// A channel or direct conversation in the channels pane.
public struct ChannelRow: Equatable, Sendable {
    /// The document ID, e.g. `lan/#general`.
    public var document: DocumentID
    /// The name shown: `#general`, `@bob`.
    public var name: String
    /// Messages by others you have not seen.
    public var unread: Int
    /// How loudly it asks for attention (`/notify`).
    public var notifications: NotificationLevel

    /// A row from its parts (`notifications`: the chat's default when nil).
    public init(document: DocumentID, name: String, unread: Int = 0, notifications: NotificationLevel? = nil) {
        self.document = document
        self.name = name
        self.unread = unread
        self.notifications = notifications ?? .default(for: document)
    }
}

/// A note in the notes pane.
public struct NoteRow: Equatable, Sendable {
    /// The note's name.
    public var name: String
    /// Who edited it last, if anyone.
    public var lastEditor: String?
    /// Its length in characters.
    public var size: Int

    /// The workspace it belongs to (`lan` or a private workspace's ID).
    public var workspace = "lan"

    /// A row from its parts.
    public init(name: String, lastEditor: String?, size: Int, workspace: String = "lan") {
        self.workspace = workspace
        self.name = name
        self.lastEditor = lastEditor
        self.size = size
    }
}
