import Foundation
import HuddleCore

/// A chat message as the TUI, the CLI and the control socket show it.
public struct ChatLine: Equatable, Sendable, Codable {
    /// The chat it belongs to (`lan/#general` in JSON).
    public var document: DocumentID
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
    /// How far this peer trusts the author's key.
    public var trust: PeerTrust?
    /// Whether another peer goes by a nickname that looks like the author's: show the
    /// author's short ID (and a warning) beside the nickname.
    public var nameCollides: Bool?
    /// For a direct message just sent to a peer with no session: why it has not gone yet, and
    /// what to do.
    public var waiting: String?

    /// The nickname as lists show it: with the short ID and a warning mark when another peer
    /// goes by a look-alike nickname (sanitise before showing).
    public var shownName: String {
        nameCollides == true ? "\(nickname) (\(author.prefix(7))) ⚠" : nickname
    }
}
