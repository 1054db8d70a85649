import HuddleCore
import HuddleStore

/// Why a command to the peer failed; each says what to do.
public enum PeerError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A channel or note name that is not allowed.
    case badName(DocumentNameError)
    /// No such channel or note.
    case noSuchDocument(String)
    /// The database could not be used.
    case store(StorageError)
    /// The text is too long for one message.
    case tooLong(bytes: Int, limit: Int)
    /// Empty text where some is needed.
    case empty
    /// A message to oneself.
    case toSelf
    /// A note edit was refused (too large, out of range, ...).
    case edit(TextError)
    /// A chat operation was refused.
    case chat(ChatError)
    /// A change could not be signed.
    case signing(SignatureError)
    /// Anything else that was refused, said in a sentence.
    case refused(String)
    /// No peer goes by that name or ID.
    case unknownPeer(String)
    /// Several peers go by that nickname.
    case ambiguousPeer(String, candidates: [String])
    /// No peer has that nickname, and those whose nicknames look like it are not verified.
    case lookAlike(String, candidates: [String])
    /// No private workspace of that name or ID is held here.
    case noSuchWorkspace(String)
    /// No invitation to that workspace waits.
    case noSuchInvitation(String)
    /// Changes this peer made earlier (and lost, then found on a peer) are still arriving: a
    /// change made now would reuse their seqs and fork its chain.
    case ownChangesArriving(String)
    /// A message ID that is not `SHORTID@SEQ`, or names no message here.
    case noSuchMessage(String)
    /// An edit or delete of a teammate's message: only its author may.
    case notYourMessage(String)
    /// A message ID held in several chats (seqs count per chat): which one must be said.
    case ambiguousMessage(String, chats: [String])
    /// A search that cannot be run as typed.
    case badSearch(SearchQueryError)
    /// The search index could not be made or used (why, in a sentence).
    case searchUnavailable(String)

    /// `error` as a peer error: itself if it is one, wrapped if it is one of its causes.
    init(_ error: any Error) {
        switch error {
        case let error as PeerError: self = error
        case let error as StoreError: self = .store(StorageError(error))
        case let error as TextError: self = .edit(error)
        case let error as ChatError: self = .chat(error)
        case let error as SignatureError: self = .signing(error)
        case let error as DocumentNameError: self = .badName(error)
        case let error as SearchQueryError: self = .badSearch(error)
        default: self = .refused("\(error)")
        }
    }

    public var description: String {
        switch self {
        case let .badName(error): "\(error)"
        case let .noSuchDocument(name): "there is no \(name)"
        case let .store(error): "\(error)"
        case let .tooLong(bytes, limit): "the text is \(bytes) bytes; a message holds at most \(limit)"
        case .empty: "nothing to send"
        case .toSelf: "that is you: messages, files and invitations go to a teammate (huddle peers lists them)"
        case let .edit(error): "the note refused the edit: \(error)"
        case let .chat(error): "the chat refused it: \(error)"
        case let .signing(error): "could not sign the change: \(error)"
        case let .refused(reason): reason
        case let .unknownPeer(name): "no peer called \(name)"
        case let .ambiguousPeer(name, candidates):
            "several peers are called \(name): use the short ID of the one you mean (\(candidates.joined(separator: ", ")))"
        case let .lookAlike(name, candidates):
            "no peer is called \(name); these only look like it and are not verified: \(candidates.joined(separator: ", ")) (use the short ID if you mean one)"
        case let .noSuchWorkspace(name): "you are in no workspace called \(name) (huddle workspace list)"
        case let .noSuchInvitation(name): "no invitation to \(name) waits (huddle invites)"
        case let .ownChangesArriving(name): "your earlier changes to \(name) are still arriving from a peer; try again in a moment"
        case let .noSuchMessage(id): "there is no message \(id) (IDs look like ABCDEFG@12: huddle log CHANNEL lists them)"
        case let .notYourMessage(id): "\(id) is a teammate's message: only its author can edit or delete it"
        case let .ambiguousMessage(id, chats): "\(id) is in \(chats.joined(separator: ", ")): say which with --in CHANNEL"
        case let .badSearch(error): error.message
        case let .searchUnavailable(reason): "search is not available: \(reason)"
        }
    }
}

/// The database could not be used: what happened and what to do (from HuddleStore's error,
/// which the app's public API does not expose).
public struct StorageError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The sentence for the user.
    public let description: String

    init(_ error: StoreError) { description = error.description }
}
