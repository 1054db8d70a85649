import HuddleCore
import HuddleStore

/// Why a command to the peer failed; each says what to do.
public enum PeerError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A channel or note name that is not allowed.
    case badName(DocumentNameError)
    /// No such channel or note.
    case noSuchDocument(String)
    /// The store could not be used.
    case store(StoreError)
    /// The text is too long for one message.
    case tooLong(bytes: Int, limit: Int)
    /// Empty text where some is needed.
    case empty
    /// A message to oneself.
    case toSelf
    /// A change could not be made (the CRDT refused it).
    case refused(String)

    public var description: String {
        switch self {
        case let .badName(error): "\(error)"
        case let .noSuchDocument(name): "there is no \(name)"
        case let .store(error): "\(error)"
        case let .tooLong(bytes, limit): "the text is \(bytes) bytes; a message holds at most \(limit)"
        case .empty: "nothing to send"
        case .toSelf: "that is you"
        case let .refused(reason): reason
        }
    }
}
