import Foundation
import HuddleCore

/// A message with every text it had, for "show me the earlier text".
public struct MessageRevisions: Equatable, Sendable, Codable {
    /// One text the message had.
    public struct Revision: Equatable, Sendable, Codable {
        /// The text (sanitise before showing).
        public var body: String
        /// When the author's device made it, in milliseconds since 1970.
        public var time: Int64

        /// A revision from its parts.
        public init(body: String, time: Int64) {
            self.body = body
            self.time = time
        }
    }

    /// The message as it reads now.
    public var message: ChatLine
    /// Its texts, oldest first: as posted, then each edit (the last is the text shown).
    public var revisions: [Revision]

    /// A message and its texts.
    public init(message: ChatLine, revisions: [Revision]) {
        self.message = message
        self.revisions = revisions
    }
}

extension Peer {
    /// Replaces the text of your message `id` (`SHORTID@SEQ`, as `huddle log` lists it) in
    /// `channel` (nil: whichever chat holds it; an ID held in several must say which). Others
    /// see it marked edited and can ask for the earlier text. Returns it once stored.
    public func editMessage(_ id: String, text: String, in channel: String? = nil, workspace: String? = nil) async throws(PeerError) -> ChatLine {
        let (documentID, messageID) = try liveMessage(id, in: channel, workspace: workspace, mine: true)
        await waitForOwnChain(in: documentID)
        let (message, step) = try sync.editMessage(messageID, text: text, in: documentID, writable: isWritable)
        perform(step)
        return line(for: message, in: documentID)
    }

    /// Deletes your message `id` (as for ``editMessage(_:text:in:workspace:)``): everyone
    /// shows "message deleted" in its place. Returns once stored.
    public func deleteMessage(_ id: String, in channel: String? = nil, workspace: String? = nil) async throws(PeerError) {
        let (documentID, messageID) = try liveMessage(id, in: channel, workspace: workspace, mine: true)
        await waitForOwnChain(in: documentID)
        perform(try sync.deleteMessage(messageID, in: documentID, writable: isWritable))
    }

    /// Posts `text` as an answer to message `id` (anyone's; as for
    /// ``editMessage(_:text:in:workspace:)``), in the same chat. Returns it once stored.
    public func reply(to id: String, text: String, in channel: String? = nil, workspace: String? = nil) async throws(PeerError) -> ChatLine {
        let (documentID, target) = try liveMessage(id, in: channel, workspace: workspace)
        await waitForOwnChain(in: documentID)
        let (reply, step) = try sync.reply(to: target, text: text, in: documentID, writable: isWritable)
        perform(step)
        if case .direct = documentID { wakeDialer() }
        return line(for: reply, in: documentID)
    }

    /// Adds your reaction `emoji` to message `id` (anyone's), or takes it back (`remove`).
    /// Returns the message with its reactions once stored.
    public func react(to id: String, emoji: String, remove: Bool = false, in channel: String? = nil,
                      workspace: String? = nil) async throws(PeerError) -> ChatLine {
        let (documentID, target) = try liveMessage(id, in: channel, workspace: workspace)
        guard let log = sync.replicas[documentID]?.chat else { throw .noSuchMessage(id) }
        guard ChatReaction.isValid(emoji) else {
            throw .refused("a reaction is an emoji or a few characters: at most \(ChatReaction.maxBytes) bytes, no spaces")
        }
        let reactions = log.reactions(on: target)
        let mine = reactions.contains { $0.emoji == emoji && $0.reactors.contains(me) }
        guard remove == mine else {
            throw .refused(remove ? "you have not reacted \(emoji) to \(id)" : "you reacted \(emoji) to \(id) already")
        }
        guard remove || reactions.count(where: { $0.reactors.contains(me) }) < ChatReaction.maxPerReactor else {
            throw .refused("you have \(ChatReaction.maxPerReactor) reactions on \(id), the most one message takes: take one back first")
        }
        await waitForOwnChain(in: documentID)
        perform(try sync.react(to: target, emoji: emoji, add: !remove, in: documentID, writable: isWritable))
        guard let message = sync.replicas[documentID]?.chat?.posted(target) else { throw .noSuchMessage(id) }
        return line(for: message, in: documentID)
    }

    /// The message `id` (anyone's) with every text it had, oldest first.
    public func messageRevisions(_ id: String, in channel: String? = nil, workspace: String? = nil) throws(PeerError) -> MessageRevisions {
        let (documentID, messageID) = try findMessage(id, in: channel, workspace: workspace)
        guard let log = sync.replicas[documentID]?.chat, let message = log.posted(messageID) else {
            throw .noSuchMessage(id)
        }
        return MessageRevisions(message: line(for: message, in: documentID),
                                revisions: log.revisions(of: messageID).map { .init(body: $0.body, time: $0.wallTime) })
    }

    /// The message `id` (anyone's; with `mine`, only yours), not deleted, in a chat this peer
    /// takes part in: where it is and its identity.
    func liveMessage(_ id: String, in channel: String?, workspace: String?, mine: Bool = false) throws(PeerError) -> (DocumentID, MessageID) {
        let (documentID, messageID) = try findMessage(id, in: channel, workspace: workspace)
        guard !mine || messageID.replica == me else { throw .notYourMessage(id) }
        guard sync.replicas[documentID]?.chat?.isDeleted(messageID) == false else { throw .noSuchMessage(id + " (it was deleted)") }
        try checkOpen(documentID)
        return (documentID, messageID)
    }

    /// The message `id` (`SHORTID@SEQ`) in `channel`, or in whichever chat open here holds it
    /// (seqs count per chat and per author, so an ID can be in several: then `channel` must say).
    func findMessage(_ id: String, in channel: String?, workspace: String?) throws(PeerError) -> (DocumentID, MessageID) {
        let parts = id.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0].count == 7, let seq = UInt64(parts[1]), seq >= 1 else { throw .noSuchMessage(id) }
        let short = parts[0].uppercased()
        let chats = try channel.map { channel throws(PeerError) in [try chatID(channel, workspace: workspace)] }
            ?? sync.replicas.keys.filter { $0.isChat && !$0.isRoster && sync.isOpenHere($0) }.sorted { $0.description < $1.description }
        var found: [(DocumentID, MessageID)] = []
        for documentID in chats {
            guard let log = sync.replicas[documentID]?.chat else { continue }
            for author in log.version.entries.keys where PeerID(digest: author.bytes)?.short == short {
                let messageID = MessageID(replica: author, seq: seq)
                if log.message(messageID) != nil || log.isDeleted(messageID) { found.append((documentID, messageID)) }
            }
        }
        guard found.count <= 1 else { throw .ambiguousMessage(id, chats: found.map { $0.0.displayName(for: self.id) }) }
        guard let only = found.first else { throw .noSuchMessage(id) }
        return only
    }
}
