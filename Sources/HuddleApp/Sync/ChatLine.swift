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
    /// Whether its author deleted it: it keeps its place, with no text ("message deleted").
    public var deleted = false
    /// For a reply: the message it answers (`SHORTID@SEQ`), its author's nickname, and the
    /// first line of its text now (empty if it was deleted; sanitise before showing).
    public var replyTo: String?
    public var quotedNickname: String?
    public var quoted: String?
    /// The reactions to it, the most reacted first.
    public var reactions: [Reaction] = []

    /// One emoji on a message: how many reacted with it, whether you did, and who (nicknames).
    public struct Reaction: Equatable, Sendable, Codable {
        public var emoji: String
        public var count: Int
        public var mine: Bool
        public var nicknames: [String]

        /// A reaction from its parts.
        public init(emoji: String, count: Int, mine: Bool, nicknames: [String]) {
            self.emoji = emoji
            self.count = count
            self.mine = mine
            self.nicknames = nicknames
        }
    }
    /// For your own message: the members of the chat that hold it, and those it has not reached
    /// yet (as far as this peer has heard).
    public var delivery: Delivery?

    /// Where one of your messages arrived.
    public struct Delivery: Equatable, Sendable, Codable {
        /// A member: its peer ID and nickname.
        public struct Member: Equatable, Sendable, Codable {
            public var id: String
            public var nickname: String

            /// A member from its parts.
            public init(id: String, nickname: String) {
                self.id = id
                self.nickname = nickname
            }
        }

        /// Members that hold it.
        public var deliveredTo: [Member]
        /// Members it has not reached yet.
        public var waitingFor: [Member]

        /// A delivery from its parts.
        public init(deliveredTo: [Member], waitingFor: [Member]) {
            self.deliveredTo = deliveredTo
            self.waitingFor = waitingFor
        }

        /// "✓ all", "→ 2 of 3", or nil when the chat has no other member known.
        public var summary: String? {
            let total = deliveredTo.count + waitingFor.count
            guard total > 0 else { return nil }
            return waitingFor.isEmpty ? "✓ all" : "→ \(deliveredTo.count) of \(total)"
        }
    }

    /// For a direct message just sent to a peer with no session: why it has not gone yet, and
    /// what to do.
    public var waiting: String?

    /// A line from its parts (what a peer makes of a stored message; tests).
    public init(document: DocumentID, id: String, author: String, nickname: String, body: String, time: Int64, lamport: UInt64,
                edited: Bool = false, mine: Bool = false, mentionsMe: Bool = false, trust: PeerTrust? = nil,
                nameCollides: Bool? = nil, deleted: Bool = false) {
        self.document = document
        self.id = id
        self.author = author
        self.nickname = nickname
        self.body = body
        self.time = time
        self.lamport = lamport
        self.edited = edited
        self.mine = mine
        self.mentionsMe = mentionsMe
        self.trust = trust
        self.nameCollides = nameCollides
        self.deleted = deleted
    }

    /// The nickname as lists show it: with the short ID and a warning mark when another peer
    /// goes by a look-alike nickname (sanitise before showing).
    public var shownName: String {
        nameCollides == true ? "\(nickname) (\(author.prefix(7))) ⚠" : nickname
    }
}
