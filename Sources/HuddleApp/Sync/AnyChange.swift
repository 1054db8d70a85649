import HuddleCore

/// A decoded change of either kind, with what sync needs to know about it.
enum AnyChange: Sendable {
    case chat(ChatChange)
    case text(Change)

    /// Decodes `bytes` as a change of the kind `document` holds.
    init(decoding bytes: [UInt8], for document: DocumentID) throws(DecodeError) {
        guard document.isChat else {
            self = .text(try Change(decoding: bytes))
            return
        }
        let change = try ChatChange(decoding: bytes)
        if document.isRoster {
            // A roster holds only posts, each exactly one roster operation.
            for operation in change.operations {
                guard case let .post(body, _) = operation, RosterOperation(body: body) != nil else {
                    throw .valueOutOfRange("a roster change that is no roster operation")
                }
            }
        }
        self = .chat(change)
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
