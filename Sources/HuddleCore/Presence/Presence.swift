/// Whether a teammate is at their desk: shown beside their name, sent to peers in session.
public enum Availability: String, Sendable, Hashable, Codable, CaseIterable {
    /// Here (the default).
    case here
    /// Away: set by hand, or after a while without a key pressed in the workspace.
    case away
    /// Do not disturb: here, but no bell or notification for them, and teammates see it.
    case doNotDisturb = "dnd"

    /// How a sentence says it: "here", "away", "not to be disturbed".
    public var sentence: String {
        switch self {
        case .here: "here"
        case .away: "away"
        case .doNotDisturb: "not to be disturbed"
        }
    }

    /// Its number on the wire; a number this peer does not know reads as ``here``.
    public var wireValue: UInt32 {
        switch self {
        case .here: 0
        case .away: 1
        case .doNotDisturb: 2
        }
    }

    /// The availability a wire number means (unknown numbers, from a newer peer: ``here``).
    public init(wireValue: UInt32) {
        self = switch wireValue {
        case 1: .away
        case 2: .doNotDisturb
        default: .here
        }
    }
}

/// A peer's availability and the few words it says with it ("lunch, back at 2").
public struct Presence: Sendable, Hashable, Codable {
    /// Here, away or do not disturb.
    public var availability: Availability
    /// What the peer says about it (may be empty); at most ``maxTextCharacters`` characters.
    public var text: String

    /// Longest status text, in characters.
    public static let maxTextCharacters = 64
    /// Longest status text on the wire, in UTF-8 bytes; a longer one is malformed.
    public static let maxTextBytes = 512
    /// Here, saying nothing.
    public static let here = Presence(availability: .here, text: "")

    /// A presence; `text` is cut to ``maxTextCharacters`` characters on one line.
    public init(availability: Availability, text: String) {
        self.availability = availability
        self.text = ReceivedNickname.capped(String(text.map { $0.isNewline ? " " : $0 }), to: Self.maxTextCharacters)
    }
}

/// "bob is typing…": notices that a teammate is typing in a chat (or stopped), sent like note
/// carets, never stored.
public enum Typing {
    /// How long a notice counts without another: the sender repeats it while typing.
    public static let lastsMilliseconds: Int64 = 6_000
    /// How often a typing sender repeats it.
    public static let repeatMilliseconds: Int64 = 3_000
}
