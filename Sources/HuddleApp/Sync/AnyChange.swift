import HuddleCore

/// A decoded change of either kind, with what sync needs to know about it.
enum AnyChange: Sendable {
    case chat(ChatChange)
    case text(Change)

    /// Decodes `bytes` as a change of the kind `document` holds.
    init(decoding bytes: [UInt8], for document: DocumentID) throws(DecodeError) {
        self = document.isChat ? .chat(try ChatChange(decoding: bytes)) : .text(try Change(decoding: bytes))
    }

    var author: ReplicaID {
        switch self {
        case let .chat(change): change.author
        case let .text(change): change.author
        }
    }

    var startSeq: UInt64 {
        switch self {
        case let .chat(change): change.startSeq
        case let .text(change): change.startSeq
        }
    }

    var endSeq: UInt64 {
        switch self {
        case let .chat(change): change.endSeq
        case let .text(change): change.endSeq
        }
    }
}
