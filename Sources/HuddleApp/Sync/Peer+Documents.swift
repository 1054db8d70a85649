import Foundation
import HuddleCore
import HuddleStore

extension Peer {
    /// The channel every peer has.
    public static let generalChannel = "lan/#general"
    /// Snapshot a document after this many stored runs.
    static let snapshotEvery = 1000
    /// Largest piece of text one note change inserts (bigger edits become several changes, so
    /// each fits in a frame).
    static let maxInsertPerChange = 64 << 10

    var me: ReplicaID { id.replicaID }

    // MARK: loading

    /// Loads every stored document (snapshot plus tail) and makes sure `#general` exists.
    func loadDocuments() throws {
        let general = try DocumentID(parsing: Self.generalChannel)
        try ensureDocument(general)
        for record in try documents.documents() {
            guard let documentID = try? DocumentID(parsing: record.id) else { continue }
            let (replica, problems) = try Replica.load(documentID, me: me, from: documents)
            replicas[record.id] = replica
            for problem in problems { continuation.yield(.notice(problem)) }
        }
        readMarkers = try documents.readMarkers()
    }

    /// The replica of `documentID`, created (and stored) empty if this peer has none.
    @discardableResult
    func ensureDocument(_ documentID: DocumentID) throws(StoreError) -> Bool {
        let key = documentID.description
        if replicas[key] != nil { return false }
        let kind = documentID.isChat ? "chat" : "note"
        try documents.create(StoredDocument(id: key, workspace: documentID.workspace, kind: kind,
                                            name: documentID.displayName(for: id), createdAt: Date().timeIntervalSince1970))
        replicas[key] = Replica(id: documentID, me: me)
        return true
    }

    /// Writes snapshots of documents with many runs since their last one (`force`: any new run),
    /// when no change waits for dependencies (a snapshot must hold everything up to its run).
    func saveSnapshots(force: Bool = false) {
        for (key, replica) in replicas where replica.runsSinceSnapshot >= (force ? 1 : Self.snapshotEvery) {
            guard replica.waitingCount == 0 else { continue }
            do {
                try documents.saveSnapshot(of: key, bytes: replica.encoded(), throughRun: replica.lastRunID, at: Date())
                replicas[key]?.runsSinceSnapshot = 0
            } catch {
                continuation.yield(.notice("could not save a snapshot of \(key): \(error)"))
            }
        }
    }

    // MARK: commands

    /// Posts `text` to `channel` (`#general`, `general` or a document ID); the channel is
    /// created if it does not exist. Returns the message once it is stored.
    public func say(_ text: String, in channel: String) throws(PeerError) -> ChatLine {
        let documentID: DocumentID
        do {
            documentID = channel.hasPrefix("lan/") || channel.hasPrefix("dm/") ? try DocumentID(parsing: channel) : try .channel(channel)
        } catch { throw .badName(error) }
        return try post(text, in: documentID)
    }

    /// Sends a direct message to the peer called `name` (nickname, peer ID or its start).
    public func directMessage(_ text: String, to name: String) throws(PeerError) -> ChatLine {
        let other = try resolvePeer(name)
        guard other != id else { throw .toSelf }
        return try post(text, in: .direct(between: id, and: other))
    }

    /// Creates the channel `#name` (shared with every peer in `lan`); returns its ID.
    @discardableResult
    public func createChannel(_ name: String) throws(PeerError) -> String {
        let documentID: DocumentID
        do { documentID = try .channel(name) } catch { throw .badName(error) }
        try create(documentID)
        return documentID.description
    }

    /// Creates the note `name`; returns its ID.
    @discardableResult
    public func createNote(_ name: String) throws(PeerError) -> String {
        let documentID: DocumentID
        do { documentID = try .note(name) } catch { throw .badName(error) }
        try create(documentID)
        return documentID.description
    }

    /// Appends `text` to the note `name` (created if missing). Returns once it is stored.
    public func appendToNote(_ name: String, text: String) throws(PeerError) {
        let key = try createNote(name)
        let count = replicas[key]?.note?.count ?? 0
        try editNote(name, replacing: count..<count, with: text)
    }

    /// Replaces the scalars `range` of the note `name` with `text`: one local edit, stored,
    /// then sent. Returns once it is stored.
    public func editNote(_ name: String, replacing range: Range<Int>, with text: String) throws(PeerError) {
        try editNote(name, edits: [NoteEdit(replacing: range, with: text)])
    }

    /// Applies `edits` to the note `name` in order, each as its own signed change (as typed),
    /// and stores them all in one transaction: a burst of keystrokes costs one commit to disk.
    /// Returns once they are stored; on any error none of them is kept.
    public func editNote(_ name: String, edits: [NoteEdit]) throws(PeerError) {
        let documentID: DocumentID
        do { documentID = try .note(name) } catch { throw .badName(error) }
        let key = documentID.description
        guard replicas[key]?.note != nil else { throw .noSuchDocument(name) }
        var runs: [StoredRun] = []
        var patches: [TextPatch] = []
        do {
            for edit in edits {
                guard edit.range.lowerBound >= 0, edit.range.upperBound <= replicas[key]!.note!.count else {
                    throw PeerError.refused("the range \(edit.range) is outside the note (\(replicas[key]!.note!.count) characters)")
                }
                if !edit.range.isEmpty {
                    try replicas[key]!.note!.delete(range: edit.range)
                    runs.append(try commitNote(key))
                    patches.append(.delete(at: edit.range.lowerBound, count: edit.range.count))
                }
                var offset = edit.range.lowerBound
                let scalars = Array(edit.text.unicodeScalars)
                var start = 0
                while start < scalars.count {
                    let end = min(scalars.count, start + Self.maxInsertPerChange)
                    var piece = String.UnicodeScalarView()
                    piece.append(contentsOf: scalars[start..<end])
                    try replicas[key]!.note!.insert(at: offset, text: String(piece))
                    runs.append(try commitNote(key))
                    patches.append(.insert(at: offset, text: String(piece)))
                    offset += end - start
                    start = end
                }
            }
        } catch let error as PeerError {
            reload(key)
            throw error
        } catch {
            reload(key)
            throw .refused("\(error)")
        }
        guard !runs.isEmpty else { return }
        try store(runs, in: key)
        noteChanged(key, patches: patches, editor: profile.config.nickname)
    }

    /// Marks everything in `document` read.
    public func markRead(_ document: String) throws(PeerError) {
        guard let replica = replicas[document] else { throw .noSuchDocument(document) }
        let latest = replica.chat?.messages.last?.lamport ?? 0
        do { try documents.setReadMarker(of: document, lamport: latest, at: Date()) } catch { throw .store(error) }
        readMarkers[document] = max(readMarkers[document] ?? 0, latest)
        continuation.yield(.documentsChanged)
    }

    /// Opens a chat for reading: `#name` (the channel is created if new), `@nick` (the
    /// conversation with that peer) or a document ID. Marks it read; returns its ID, the name
    /// to show, and its latest `limit` messages.
    public func openChat(_ name: String, limit: Int = 500) throws(PeerError) -> (document: String, name: String, messages: [ChatLine]) {
        let key = try chatKey(name)
        let documentID: DocumentID
        do { documentID = try DocumentID(parsing: key) } catch { throw .badName(error) }
        guard documentID.isChat, documentID.isVisible(to: id) else { throw .noSuchDocument(name) }
        try create(documentID)
        try markRead(key)
        let shown = documentID.otherPeer(than: id).map { "@" + nickname(of: $0) } ?? documentID.displayName(for: id)
        return (key, shown, try messages(in: key, limit: limit))
    }

    // MARK: helpers

    func chatKey(_ channel: String) throws(PeerError) -> String {
        if channel.hasPrefix("lan/") || channel.hasPrefix("dm/") { return channel }
        if channel.hasPrefix("@") {
            let other = try resolvePeer(String(channel.dropFirst()))
            return DocumentID.direct(between: id, and: other).description
        }
        do { return try DocumentID.channel(channel).description } catch { throw .badName(error) }
    }

    func create(_ documentID: DocumentID) throws(PeerError) {
        do {
            guard try ensureDocument(documentID) else { return }
        } catch { throw .store(error) }
        continuation.yield(.documentsChanged)
        announce(documentID.description)
    }

    func post(_ text: String, in documentID: DocumentID) throws(PeerError) -> ChatLine {
        guard !text.isEmpty else { throw .empty }
        guard text.utf8.count <= DecodeLimits.maxMessageBytes else {
            throw .tooLong(bytes: text.utf8.count, limit: DecodeLimits.maxMessageBytes)
        }
        let key = documentID.description
        let created: Bool
        do { created = try ensureDocument(documentID) } catch { throw .store(error) }
        if created { continuation.yield(.documentsChanged) }
        let run: StoredRun
        let message: ChatMessage
        do {
            let change = try replicas[key]!.chat!.post(body: text, wallTime: Int64(Date().timeIntervalSince1970 * 1000))
            run = try replicas[key]!.sign(change.encoded, startSeq: change.startSeq, endSeq: change.endSeq, by: profile.identity)
            guard let posted = replicas[key]!.chat!.message(MessageID(replica: me, seq: change.startSeq)) else {
                throw PeerError.refused("the message vanished")
            }
            message = posted
        } catch let error as PeerError {
            reload(key)
            throw error
        } catch {
            reload(key)
            throw .refused("\(error)")
        }
        try store([run], in: key)
        let line = line(for: message, in: key)
        continuation.yield(.chat(line))
        return line
    }

    /// Commits the note's pending local edit and signs it.
    func commitNote(_ key: String) throws -> StoredRun {
        guard let change = replicas[key]!.note!.commit() else { throw PeerError.refused("no edit to commit") }
        return try replicas[key]!.sign(change.encoded, startSeq: change.startSeq, endSeq: change.endSeq, by: profile.identity)
    }

    /// Stores local runs (the acknowledgement point), then pushes them to peers. On a store
    /// failure the document is reloaded from disk, so memory never holds what the disk lacks.
    func store(_ runs: [StoredRun], in key: String) throws(PeerError) {
        let stored: [StoredRun]
        do {
            stored = try documents.append(runs, to: key, lastAuthor: id.description, at: Date())
        } catch {
            reload(key)
            throw .store(error)
        }
        noteStored(stored, in: key)
        push(stored, in: key, except: nil)
    }

    /// Books runs just stored into the replica's accounting, snapshotting when due.
    func noteStored(_ stored: [StoredRun], in key: String) {
        guard let last = stored.last else { return }
        replicas[key]?.lastRunID = last.id
        replicas[key]?.runsSinceSnapshot += stored.count
        if (replicas[key]?.runsSinceSnapshot ?? 0) >= Self.snapshotEvery { saveSnapshots() }
    }

    /// Replaces a document in memory by what the store holds (after a failure mid-change).
    func reload(_ key: String) {
        guard let documentID = replicas[key]?.id else { return }
        do {
            let (replica, problems) = try Replica.load(documentID, me: me, from: documents)
            replicas[key] = replica
            for problem in problems { continuation.yield(.notice(problem)) }
        } catch {
            continuation.yield(.notice("could not reload \(key) from the store: \(error)"))
        }
    }

    func line(for message: ChatMessage, in key: String) -> ChatLine {
        let author = PeerID(digest: message.author.bytes)
        let nick = author.map(nickname(of:)) ?? "?"
        return ChatLine(document: key, id: "\(author?.short ?? "?")@\(message.id.seq)", author: author?.description ?? "",
                        nickname: nick, body: message.body, time: message.wallTime, lamport: message.lamport,
                        edited: message.isEdited, mine: message.author == me,
                        mentionsMe: message.author != me && mentions(message.body, nickname: profile.config.nickname))
    }

    /// The nickname of `peer`: its session's, the trust store's, or its short ID.
    func nickname(of peer: PeerID) -> String {
        if peer == id { return profile.config.nickname }
        if let memo = nicknameMemo[peer] { return memo }
        let name = sessions.connectedPeers.first(where: { $0.id == peer })?.nickname
            ?? (try? trust.peer(peer))?.nickname ?? peer.short
        nicknameMemo[peer] = name
        return name
    }

    /// The peer called `name`: a connected peer's nickname or ID start, or a known peer.
    func resolvePeer(_ name: String) throws(PeerError) -> PeerID {
        if let id = PeerID(parsing: name) { return id }
        let online = sessions.connectedPeers.filter { $0.nickname == name || (name.count >= 4 && $0.id.description.hasPrefix(name.uppercased())) }
        if Set(online.map(\.id)).count == 1, let only = online.first { return only.id }
        do { return try trust.resolve(name) } catch { throw .store(error) }
    }
}
