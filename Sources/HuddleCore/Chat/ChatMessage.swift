/// The identity of a chat message: its author and the seq of the operation that posted it.
public struct MessageID: Hashable, Sendable, CustomStringConvertible {
    /// The author.
    public let replica: ReplicaID
    /// The seq of the post operation at the author.
    public let seq: UInt64

    /// An identifier from its parts.
    public init(replica: ReplicaID, seq: UInt64) {
        self.replica = replica
        self.seq = seq
    }

    /// `replica@seq`.
    public var description: String { "\(replica)@\(seq)" }
}

/// A message as the log shows it now (after any edits).
public struct ChatMessage: Hashable, Sendable {
    /// The message's identity.
    public let id: MessageID
    /// The Lamport clock of the post; with the author it fixes the message's place.
    public let lamport: UInt64
    /// Wall-clock time the author's device gave when posting (milliseconds since 1970); only
    /// for display, never for ordering.
    public let wallTime: Int64
    /// The text (the latest edit's, if edited).
    public internal(set) var body: String
    /// Wall-clock time of the latest edit, if any.
    public internal(set) var editedWallTime: Int64?
    /// The message it answers, if it is a reply.
    public internal(set) var replyTo: MessageID? = nil

    /// The author (the replica that posted it).
    public var author: ReplicaID { id.replica }

    /// Whether the message was edited.
    public var isEdited: Bool { editedWallTime != nil }

    /// The total order of the log: by Lamport clock, then by author.
    func precedes(_ other: ChatMessage) -> Bool {
        if lamport != other.lamport { return lamport < other.lamport }
        if id.replica != other.id.replica { return id.replica < other.id.replica }
        return id.seq < other.id.seq
    }
}

/// What a chat change made visible, for the UI.
public enum ChatEvent: Hashable, Sendable {
    /// A new message appeared (at its place in the order).
    case posted(ChatMessage)
    /// A message's body changed.
    case edited(ChatMessage)
    /// A message was deleted.
    case deleted(MessageID)
    /// The reactions to a message changed.
    case reacted(MessageID)
}

/// Why a chat operation or a remote chat change was refused. The log is unchanged after any.
public enum ChatError: Error, Equatable, Sendable {
    /// Only the author of a message may edit or delete it, and only while it exists.
    case notYourMessage(MessageID)
    /// The message is longer than `DecodeLimits.maxMessageBytes`.
    case messageTooLong(bytes: Int)
    /// The replica has used up its sequence numbers or Lamport clock.
    case sequenceExhausted
    /// A change is malformed; the peer that sent it is faulty or hostile.
    case invalidChange(DecodeError)
    /// An operation's Lamport clock jumps more than `DecodeLimits.maxLamportStep` past the
    /// clocks it follows: accepted, it would use up the clock that every author shares.
    case clockJump
    /// A reply or reaction to a message this log does not hold, or one that was deleted.
    case noSuchMessage(MessageID)
    /// A reaction that is not 1 to `ChatReaction.maxBytes` bytes without spaces or control characters.
    case badReaction
    /// Too many changes wait for dependencies (`DecodeLimits.maxBufferedChanges`, `maxBufferedSize`).
    case bufferFull
}
