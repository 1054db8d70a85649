/// One searchable thing: a chat message, or a stretch of a note.
public struct SearchEntry: Hashable, Sendable {
    /// The document's ID (text form).
    public var document: String
    /// What it is within the document: a message ID, or where in the note the stretch starts.
    public var item: String
    /// When, in milliseconds since 1970: the order results come in.
    public var time: Int64
    /// The text, as ``SearchText/indexable(_:)`` made it.
    public var body: String
    /// Words that filters match (document, workspace, author), separated by spaces: see `SearchTag`.
    public var tags: String

    /// An entry from its parts.
    public init(document: String, item: String, time: Int64, body: String, tags: String) {
        self.document = document
        self.item = item
        self.time = time
        self.body = body
        self.tags = tags
    }
}

/// Filter words in an entry's `tags`: a letter for what is filtered, then a hash of the value,
/// so any name becomes one token the tokenizer keeps whole.
public enum SearchTag {
    /// The tag for the document `id`.
    public static func document(_ id: String) -> String { "d" + hash(id) }
    /// The tag for the workspace (or `dm`) a document is stored in.
    public static func workspace(_ group: String) -> String { "w" + hash(group) }
    /// The tag for an author.
    public static func author(_ replica: String) -> String { "a" + hash(replica) }

    static func hash(_ text: String) -> String {
        let hex = String(fnv1a(text), radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }

    /// The 64-bit FNV-1a hash of `text`'s UTF-8 (not for security: tags are filters, and each
    /// result is checked against its document).
    public static func fnv1a(_ text: String) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
        return hash
    }
}
