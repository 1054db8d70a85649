import HuddleCore

/// A sync message of a session (docs/protocol.md §5), decoded and checked: what the layers
/// above see instead of the generated wire types.
public enum SyncMessage: Sendable, Equatable {
    /// What the sender holds of documents the receiver may see.
    case state(SyncState)
    /// Signed changes of one document.
    case changes(ChangeBatch)
    /// Where the sender's caret is in a note (or that it closed it).
    case presence(CaretPresence)
    /// A step of joining a workspace by invite code.
    case inviteCode(InviteCodeMessage)
    /// Nicknames signed by their peers' keys, their shape checked (their signatures are checked
    /// by whoever keeps them); at most ``maxNameCards``.
    case nameCards([NameCard])
    /// The sender's availability and status text (sent at the start of a session and on change).
    case status(Presence)
    /// The sender is typing in the chat `document` (or, `typing` false, stopped).
    case typing(document: DocumentID, typing: Bool)
    /// The sender stored changes of a chat and holds at least this of it (the authors of what
    /// it stored): an author learns where its messages arrived.
    case held(DocumentState)

    /// Most authors one delivery report (``held``) names.
    public static let maxHeldAuthors = 64

    /// Most name cards one message carries.
    public static let maxNameCards = 64
}

/// What a peer holds of some documents.
public struct SyncState: Sendable, Equatable {
    /// Each document's version as the sender holds it.
    public var documents: [DocumentState]
    /// Whether `documents` lists every document the sender shares with the receiver.
    public var complete: Bool

    /// A state from its parts.
    public init(documents: [DocumentState], complete: Bool) {
        self.documents = documents
        self.complete = complete
    }
}

/// One document's version in a ``SyncState``.
public struct DocumentState: Sendable, Equatable {
    /// The document.
    public var document: DocumentID
    /// Per author, the highest seq the sender has applied.
    public var version: VersionVector

    /// A document state from its parts.
    public init(document: DocumentID, version: VersionVector) {
        self.document = document
        self.version = version
    }
}

/// Runs of signed changes of one document, as they travel (each a ``ChangeRun`` encoding).
public struct ChangeBatch: Sendable, Equatable {
    /// The document.
    public var document: DocumentID
    /// The encoded runs; each is decoded and checked by the receiver.
    public var runs: [[UInt8]]

    /// A batch from its parts.
    public init(document: DocumentID, runs: [[UInt8]]) {
        self.document = document
        self.runs = runs
    }
}

/// Where a teammate's caret is in a note it has open.
public struct CaretPresence: Sendable, Equatable {
    /// The note.
    public var document: DocumentID
    /// The caret, or nil when the sender closed the note.
    public var caret: Anchor?
    /// The other end of the sender's selection, if it has one.
    public var selectionStart: Anchor?

    /// A presence from its parts.
    public init(document: DocumentID, caret: Anchor?, selectionStart: Anchor?) {
        self.document = document
        self.caret = caret
        self.selectionStart = selectionStart
    }
}

/// Why a session message could not be read as a sync message; the sender is faulty or hostile.
public enum SyncMessageError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The document ID is not one huddle accepts.
    case badDocument(DocumentNameError)
    /// An anchor names a replica that is not 32 bytes.
    case badReplica
    /// A message of a kind this build does not handle (ignored, not refused).
    case unknownKind
    /// An invite-code step with a nonce, share or proof of the wrong length, a number out of
    /// range or no outcome.
    case badInviteCode
    /// More than ``SyncMessage/maxNameCards`` name cards, or one of the wrong shape.
    case badNameCards(NameCardError?)
    /// A status text longer than ``Presence/maxTextBytes``.
    case statusTooLong(bytes: Int)
    /// A typing notice or delivery report about a document that is not a chat.
    case typingOutsideChat
    /// A delivery report naming more than ``SyncMessage/maxHeldAuthors`` authors.
    case heldTooLarge

    public var description: String {
        switch self {
        case let .badDocument(error): "a message about a document that cannot exist (\(error))"
        case .badReplica: "a caret on a malformed replica ID"
        case .unknownKind: "a message of an unknown kind"
        case .badInviteCode: "a malformed invite-code step"
        case let .badNameCards(error?): "\(error)"
        case .badNameCards(nil): "more than \(SyncMessage.maxNameCards) name cards in one message"
        case let .statusTooLong(bytes): "a status text of \(bytes) bytes (at most \(Presence.maxTextBytes))"
        case .typingOutsideChat: "a typing notice or delivery report about a note"
        case .heldTooLarge: "a delivery report about more than \(SyncMessage.maxHeldAuthors) authors"
        }
    }
}
