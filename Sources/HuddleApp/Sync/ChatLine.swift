import Foundation
import HuddleCore

/// A chat message as the TUI, the CLI and the control socket show it.
public struct ChatLine: Equatable, Sendable, Codable {
    /// The document it belongs to, e.g. `lan/#general`.
    public var document: String
    /// The message ID (`SHORTID@seq`), stable across peers.
    public var id: String
    /// The author's peer ID.
    public var author: String
    /// The author's nickname as this peer knows it (sanitise before showing).
    public var nickname: String
    /// The text.
    public var body: String
    /// When the author's device posted it (milliseconds since 1970; display only).
    public var time: Int64
    /// Its Lamport clock: the log's order.
    public var lamport: UInt64
    /// Whether it was edited.
    public var edited: Bool
    /// Whether this peer wrote it.
    public var mine: Bool
    /// Whether it mentions this peer's nickname.
    public var mentionsMe: Bool
}

/// A channel, note or direct conversation, for lists.
public struct DocumentSummary: Equatable, Sendable, Codable {
    /// The document ID.
    public var document: String
    /// `channel`, `note` or `direct`.
    public var kind: String
    /// The name shown: `#general`, `plan`, or the other peer's nickname for a direct conversation.
    public var name: String
    /// Messages by others after the read marker (chats only).
    public var unread: Int
    /// Nickname of the author of the latest change, if any.
    public var lastEditor: String?
    /// When the latest change was stored (seconds since 1970).
    public var lastEditAt: Double?
    /// Characters (notes) or messages (chats).
    public var size: Int
}

/// Whether `body` mentions `nickname`: `@nick` or the nickname as a whole word, any case.
func mentions(_ body: String, nickname: String) -> Bool {
    guard !nickname.isEmpty else { return false }
    let lowered = body.lowercased(), nick = nickname.lowercased()
    var searchStart = lowered.startIndex
    while let range = lowered.range(of: nick, range: searchStart..<lowered.endIndex) {
        let before = range.lowerBound == lowered.startIndex ? nil : lowered[lowered.index(before: range.lowerBound)]
        let after = range.upperBound == lowered.endIndex ? nil : lowered[range.upperBound]
        let isWordStart = before.map { !($0.isLetter || $0.isNumber || $0 == "_") } ?? true
        let isWordEnd = after.map { !($0.isLetter || $0.isNumber || $0 == "_") } ?? true
        if isWordStart && isWordEnd { return true }
        searchStart = range.upperBound
    }
    return false
}
