import Foundation
import HuddleCore
import HuddleStore

extension Peer {
    /// The channel every peer has.
    public static let generalChannel = DocumentID.general.description
    /// Snapshot a document after this many stored runs.
    static let snapshotEvery = SyncEngine.snapshotEvery

    var me: ReplicaID { id.replicaID }

    /// Posts `text` to `channel` (`#general`, `general`, `@nick` or a document ID) of
    /// `workspace` (nil: the default one); the channel is created if it does not exist.
    /// Returns the message once it is stored.
    public func say(_ text: String, in channel: String, workspace: String? = nil) async throws(PeerError) -> ChatLine {
        try await post(text, in: try chatID(channel, workspace: workspace))
    }

    /// Posts `text` to the chat `documentID` (created if it does not exist). Returns the
    /// message once it is stored.
    public func say(_ text: String, in documentID: DocumentID) async throws(PeerError) -> ChatLine {
        try await post(text, in: documentID)
    }

    /// Sends a direct message to the peer called `name` (nickname, short ID or peer ID; see ``PeerDirectory/resolve(_:sessions:cards:)``).
    public func directMessage(_ text: String, to name: String) async throws(PeerError) -> ChatLine {
        let other = try resolvePeer(name)
        guard other != id else { throw .toSelf }
        var line = try await post(text, in: .direct(between: id, and: other))
        line.waiting = whyNotDelivered(to: other)
        return line
    }

    /// Why a direct message to `other` cannot go now (nil when there is a session): it goes
    /// only between the two, never through a relay, so it waits until they meet.
    func whyNotDelivered(to other: PeerID) -> String? {
        guard !sessions.connectedPeers.contains(where: { $0.id == other }) else { return nil }
        let nick = nickname(of: other)
        let metBefore = ((try? directory.trust.peer(other)) ?? nil) != nil
        return metBefore
            ? "\(nick) is not connected: the message is kept and goes as soon as you meet again"
            : "\(nick) is seen only through other peers, and a direct message goes only between the two of you: "
                + "it is kept and goes when you meet. To reach \(nick) now, ask for an address and start huddle with --peer HOST:PORT"
    }

    /// Creates the channel `#name` of `workspace` (nil: the default one); returns its ID.
    @discardableResult
    public func createChannel(_ name: String, workspace: String? = nil) throws(PeerError) -> DocumentID {
        let documentID: DocumentID
        do { documentID = try .channel(name, in: try self.workspace(workspace)) } catch { throw PeerError(error) }
        try checkOpen(documentID)
        perform(try sync.create(documentID))
        return documentID
    }

    /// Creates the note `name` of `workspace` (nil: the default one); returns its ID.
    @discardableResult
    public func createNote(_ name: String, workspace: String? = nil) throws(PeerError) -> DocumentID {
        let documentID = try noteID(name, workspace: workspace)
        try checkOpen(documentID)
        perform(try sync.create(documentID))
        return documentID
    }

    /// Appends `text` to the note `name` (created if missing). Returns once it is stored.
    public func appendToNote(_ name: String, text: String, workspace: String? = nil) throws(PeerError) {
        let documentID = try createNote(name, workspace: workspace)
        let count = sync.replicas[documentID]?.note?.count ?? 0
        try edit(documentID, [NoteEdit(replacing: count..<count, with: text)])
    }

    /// Replaces the scalars `range` of the note `name` with `text`: one local edit, stored,
    /// then sent. Returns once it is stored.
    public func editNote(_ name: String, replacing range: Range<Int>, with text: String) throws(PeerError) {
        try editNote(name, edits: [NoteEdit(replacing: range, with: text)])
    }

    /// Applies `edits` to the note `name` in order, each as its own signed change (as typed),
    /// and stores them all in one transaction. Returns once they are stored; on any error none
    /// of them is kept.
    public func editNote(_ name: String, edits: [NoteEdit], workspace: String? = nil) throws(PeerError) {
        try edit(try noteID(name, workspace: workspace), edits)
    }

    /// Marks everything in `document` read.
    public func markRead(_ document: DocumentID) throws(PeerError) {
        perform(try sync.markRead(document))
    }

    /// Opens a chat for reading: `#name` (the channel is created if new), `@nick` (the
    /// conversation with that peer) or a document ID. Marks it read; returns its ID, the name
    /// to show, and its latest `limit` messages.
    public func openChat(_ name: String, workspace: String? = nil, limit: Int = 500) throws(PeerError) -> (document: DocumentID, name: String, messages: [ChatLine]) {
        let documentID = try chatID(name, workspace: workspace)
        guard documentID.isChat, !documentID.isRoster, sync.isOpenHere(documentID) else { throw .noSuchDocument(name) }
        perform(try sync.create(documentID))
        try markRead(documentID)
        let shown = shownName(of: documentID)
        return (documentID, shown, try messages(in: documentID, limit: limit))
    }

    // MARK: helpers

    /// The chat a user means by `channel`: `#name` (of `workspace`; nil: the default one),
    /// `@nick` or a document ID.
    func chatID(_ channel: String, workspace: String? = nil) throws(PeerError) -> DocumentID {
        do {
            if channel.contains("/") { return try DocumentID(parsing: channel) }
            if channel.hasPrefix("@") { return .direct(between: id, and: try resolvePeer(String(channel.dropFirst()))) }
            return try DocumentID.channel(channel, in: try self.workspace(workspace))
        } catch { throw PeerError(error) }
    }

    /// The note a user means by `name` in `workspace` (nil: the default one); see
    /// ``SyncEngine/note(named:in:)``.
    func noteID(_ name: String, workspace: String?) throws(PeerError) -> DocumentID {
        let workspace = try self.workspace(workspace)
        do { return try sync.note(named: name, in: workspace) } catch { throw PeerError(error) }
    }

    /// Refuses a document this peer takes no part in (a workspace it left, the lobby when off).
    func checkOpen(_ documentID: DocumentID) throws(PeerError) {
        guard !documentID.isRoster, sync.isOpenHere(documentID) else { throw .noSuchDocument(documentID.description) }
    }

    /// Posts a message: made and signed at once, stored in the next group commit (posts made
    /// while a commit syncs share the one after it), announced once on disk.
    func post(_ text: String, in documentID: DocumentID) async throws(PeerError) -> ChatLine {
        try checkOpen(documentID)
        await waitForOwnChain(in: documentID)
        let (post, made) = try sync.preparePost(text, in: documentID)
        perform(made)
        sync.commitsInFlight += 1
        let stored: [StoredRun]
        do {
            stored = try await sync.store.appendGrouped(post.runs, to: documentID.description, lastAuthor: id.description, at: Date())
        } catch {
            sync.commitsInFlight -= 1
            perform(SyncStep(events: sync.reload(documentID)))
            throw .store(StorageError(error))
        }
        sync.commitsInFlight -= 1
        var step = sync.committed(stored, in: documentID, writable: isWritable)
        step.events.append(.chat(documentID, .posted(post.message)))
        perform(step)
        // A direct message travels only between the two: on a large LAN, its partner is dialed
        // whatever the overlay says (``DialPlanner/conversationPartners``).
        if case .direct = documentID { wakeDialer() }
        return line(for: post.message, in: documentID)
    }

    func edit(_ documentID: DocumentID, _ edits: [NoteEdit]) throws(PeerError) {
        try checkOpen(documentID)
        guard !sync.isOwnChainBehind(in: documentID) else { throw .ownChangesArriving(documentID.displayName(for: id)) }
        perform(try sync.edit(documentID, edits, writable: isWritable))
    }

    /// `message` as lists show it; a deleted one keeps its place with no text. A reply carries
    /// the first line of what it answers; every message its reactions.
    func line(for message: ChatMessage, in document: DocumentID) -> ChatLine {
        let log = sync.replicas[document]?.chat
        let deleted = log?.isDeleted(message.id) ?? false
        var line = plainLine(for: message, in: document, deleted: deleted)
        guard let log, !deleted else { return line }
        if let target = message.replyTo {
            line.replyTo = messageID(target)
            if let answered = log.posted(target) {
                line.quotedNickname = PeerID(digest: target.replica.bytes).map(nickname(of:)) ?? "?"
                line.quoted = log.isDeleted(target) ? "" : String(answered.body.prefix { $0 != "\n" }.prefix(200))
            }
        }
        line.reactions = log.reactions(on: message.id).map { reaction in
            ChatLine.Reaction(emoji: reaction.emoji, count: reaction.reactors.count, mine: reaction.reactors.contains(me),
                              nicknames: reaction.reactors.map { PeerID(digest: $0.bytes).map(nickname(of:)) ?? "?" })
        }
        if message.author == me { line.delivery = delivery(of: message.id.seq, in: document) }
        return line
    }

    /// Where this peer's message `seq` of `document` arrived, among the chat's members: a
    /// conversation's other peer, a private workspace's roster, or (a lobby channel, which has
    /// no roster) the peers known to hold the channel.
    func delivery(of seq: UInt64, in document: DocumentID) -> ChatLine.Delivery? {
        let members: [PeerID]
        switch document {
        case let .direct(a, b): members = [a == id ? b : a]
        case let .channel(.team(workspace), _): members = sync.rosters[workspace].map { Array($0.members.keys) } ?? []
        case .channel: members = sync.delivery.peers(of: document)
        case .note, .roster: return nil
        }
        var delivery = ChatLine.Delivery(deliveredTo: [], waitingFor: [])
        for member in members where member != id {
            let entry = ChatLine.Delivery.Member(id: member.description, nickname: nickname(of: member))
            if sync.delivery.holds(member, seq, in: document) { delivery.deliveredTo.append(entry) } else { delivery.waitingFor.append(entry) }
        }
        guard !delivery.deliveredTo.isEmpty || !delivery.waitingFor.isEmpty else { return nil }
        delivery.deliveredTo.sort { ($0.nickname, $0.id) < ($1.nickname, $1.id) }
        delivery.waitingFor.sort { ($0.nickname, $0.id) < ($1.nickname, $1.id) }
        return delivery
    }

    /// The ID lists show for a message: `SHORTID@SEQ`.
    func messageID(_ id: MessageID) -> String {
        "\(PeerID(digest: id.replica.bytes)?.short ?? "?")@\(id.seq)"
    }

    private func plainLine(for message: ChatMessage, in document: DocumentID, deleted: Bool) -> ChatLine {
        let author = PeerID(digest: message.author.bytes)
        let nick = author.map(nickname(of:)) ?? "?"
        return ChatLine(document: document, id: messageID(message.id), author: author?.description ?? "",
                        nickname: nick, body: deleted ? "" : message.body, time: message.wallTime, lamport: message.lamport,
                        edited: message.isEdited && !deleted, mine: message.author == me,
                        mentionsMe: !deleted && message.author != me && mentions(message.body, nickname: profile.config.nickname, keywords: profile.config.keywords),
                        trust: author.map { directory.trust(of: $0) },
                        nameCollides: author.map { directory.hasLookAlike($0, sessions: sessions.connectedPeers, cards: sync.names) },
                        deleted: deleted)
    }

    /// A document's name as lists show it: `#general`, `plan`, or `@` and the other peer's
    /// nickname for a direct conversation.
    func shownName(of document: DocumentID) -> String {
        document.otherPeer(than: id).map { "@" + nickname(of: $0) } ?? document.displayName(for: id)
    }

    /// The nickname of `peer`: its session's, the trust store's, or its short ID.
    func nickname(of peer: PeerID) -> String {
        directory.nickname(of: peer, sessions: sessions.connectedPeers, cards: sync.names)
    }

    /// The peer called `name` (see ``PeerDirectory/resolve(_:sessions:cards:)``).
    func resolvePeer(_ name: String) throws(PeerError) -> PeerID {
        try directory.resolve(name, sessions: sessions.connectedPeers, cards: sync.names)
    }
}
