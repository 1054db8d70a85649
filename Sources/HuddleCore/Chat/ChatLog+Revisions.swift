/// One text a message had: as posted, or as an edit made it.
public struct ChatRevision: Hashable, Sendable {
    /// The text.
    public let body: String
    /// When the author's device made it (milliseconds since 1970; display only).
    public let wallTime: Int64

    /// A revision from its parts.
    public init(body: String, wallTime: Int64) {
        self.body = body
        self.wallTime = wallTime
    }
}

extension ChatLog {
    /// Every message ever posted in the log's order, deleted ones included: what a chat pane
    /// shows, a deleted message as "message deleted" (see ``isDeleted(_:)``).
    public var timeline: [ChatMessage] { order.compactMap { byID[$0] } }

    /// The message `id` whether or not it was deleted (nil if this log does not hold it).
    public func posted(_ id: MessageID) -> ChatMessage? { byID[id] }

    /// Whether the message `id` was deleted by its author.
    public func isDeleted(_ id: MessageID) -> Bool { deleted.contains(id) }

    /// The texts the message `id` had, oldest first: as posted, then each edit in the order
    /// its author made them (the last is the text shown). Empty for a deleted message or one
    /// this log does not hold.
    public func revisions(of id: MessageID) -> [ChatRevision] {
        guard byID[id] != nil, !deleted.contains(id) else { return [] }
        var revisions: [ChatRevision] = []
        for change in log where change.author == id.replica && change.endSeq >= id.seq {
            for (index, operation) in change.operations.enumerated() {
                switch operation {
                case let .post(body, wallTime) where change.startSeq + UInt64(index) == id.seq,
                     let .reply(_, body, wallTime) where change.startSeq + UInt64(index) == id.seq:
                    revisions.append(ChatRevision(body: body, wallTime: wallTime))
                case let .edit(target, body, wallTime) where target == id.seq:
                    revisions.append(ChatRevision(body: body, wallTime: wallTime))
                default:
                    break
                }
            }
        }
        return revisions
    }
}

extension ChatLog {
    /// The reactions to message `id`: each emoji with who reacted, the most reacted first
    /// (then by emoji, so every replica lists them alike).
    public func reactions(on id: MessageID) -> [ChatReactionCount] {
        (reactions[id] ?? [:]).map { ChatReactionCount(emoji: $0.key, reactors: $0.value.sorted()) }
            .sorted { ($0.reactors.count, $1.emoji) > ($1.reactors.count, $0.emoji) }
    }
}
