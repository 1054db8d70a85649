import HuddleCore
import HuddleNet
import HuddleStore

extension SyncEngine {
    /// Largest piece of text one note change inserts (bigger edits become several changes, so
    /// each fits in a frame).
    static let maxInsertPerChange = 64 << 10

    /// Makes `documentID` (stored, and announced to peers that may see it) unless it exists.
    mutating func create(_ documentID: DocumentID) throws(PeerError) -> SyncStep {
        var step = SyncStep()
        do {
            guard try ensureDocument(documentID) else { return step }
        } catch { throw .store(StorageError(error)) }
        step.events.append(.documentsChanged)
        step.append(announce(documentID))
        return step
    }

    /// Posts `text` to the chat `documentID` (created if new): signed, stored, then sent.
    /// Returns the message once it is stored.
    mutating func post(_ text: String, in documentID: DocumentID, writable: (PeerID) -> Bool) throws(PeerError) -> (ChatMessage, SyncStep) {
        var (post, step) = try preparePost(text, in: documentID)
        step.append(try store(post.runs, in: documentID, writable: writable))
        step.events.append(.chat(documentID, .posted(post.message)))
        return (post.message, step)
    }

    /// The first half of ``post(_:in:writable:)``: the message made and signed in memory, to
    /// be stored (the peer stores local posts in group commits) and then announced with
    /// ``committed(_:in:writable:)``. On a failure to store, ``reload(_:)`` the document.
    mutating func preparePost(_ text: String, in documentID: DocumentID) throws(PeerError) -> (LocalPost, SyncStep) {
        try Self.checkMessageText(text)
        guard documentID.isChat else { throw .noSuchDocument(documentID.description) }
        var step = SyncStep()
        do {
            if try ensureDocument(documentID) { step.events.append(.documentsChanged) }
        } catch { throw .store(StorageError(error)) }
        let run: StoredRun
        let message: ChatMessage
        do {
            let change = try replicas[documentID]!.chat!.post(body: text, wallTime: clock().millisecondsSince1970)
            run = try replicas[documentID]!.sign(change.encoded, startSeq: change.startSeq, endSeq: change.endSeq, by: identity)
            guard let posted = replicas[documentID]!.chat!.message(MessageID(replica: replicaID, seq: change.startSeq)) else {
                throw PeerError.refused("the message vanished")
            }
            message = posted
        } catch {
            _ = reload(documentID)
            throw PeerError(error)
        }
        return (LocalPost(message: message, runs: [run]), step)
    }

    /// Applies `edits` to the note `documentID` in order, each as its own signed change (as
    /// typed), and stores them all in one transaction: a burst of keystrokes costs one commit
    /// to disk. On any error none of them is kept.
    mutating func edit(_ documentID: DocumentID, _ edits: [NoteEdit], writable: (PeerID) -> Bool) throws(PeerError) -> SyncStep {
        guard replicas[documentID]?.note != nil else { throw .noSuchDocument(documentID.displayName(for: me)) }
        var runs: [StoredRun] = []
        var patches: [TextPatch] = []
        do {
            for edit in edits {
                let count = replicas[documentID]!.note!.count
                guard edit.range.lowerBound >= 0, edit.range.upperBound <= count else {
                    throw PeerError.refused("the range \(edit.range) is outside the note (\(count) characters)")
                }
                if !edit.range.isEmpty {
                    try replicas[documentID]!.note!.delete(range: edit.range)
                    runs.append(try commitNote(documentID))
                    patches.append(.delete(at: edit.range.lowerBound, count: edit.range.count))
                }
                var offset = edit.range.lowerBound
                let scalars = Array(edit.text.unicodeScalars)
                var start = 0
                while start < scalars.count {
                    let end = min(scalars.count, start + Self.maxInsertPerChange)
                    var piece = String.UnicodeScalarView()
                    piece.append(contentsOf: scalars[start..<end])
                    try replicas[documentID]!.note!.insert(at: offset, text: String(piece))
                    runs.append(try commitNote(documentID))
                    patches.append(.insert(at: offset, text: String(piece)))
                    offset += end - start
                    start = end
                }
            }
        } catch {
            _ = reload(documentID)
            throw PeerError(error)
        }
        guard !runs.isEmpty else { return SyncStep() }
        var step = try store(runs, in: documentID, writable: writable)
        step.events.append(.noteChanged(documentID, patches: patches, author: replicaID))
        return step
    }

    /// Marks everything in the chat `documentID` read.
    mutating func markRead(_ documentID: DocumentID) throws(PeerError) -> SyncStep {
        guard let replica = replicas[documentID] else { throw .noSuchDocument(documentID.description) }
        let latest = replica.chat?.messages.last?.lamport ?? 0
        do { try store.setReadMarker(of: documentID.description, lamport: latest, at: clock()) } catch { throw .store(StorageError(error)) }
        readMarkers[documentID] = max(readMarkers[documentID] ?? 0, latest)
        return SyncStep(events: [.documentsChanged])
    }

    /// Tells every peer that may see the note where this peer's caret is (nil: it closed it).
    func presence(in documentID: DocumentID, caret: Anchor?, selectionStart: Anchor?) -> SyncStep {
        var step = SyncStep()
        let message = SyncMessage.presence(CaretPresence(document: documentID, caret: caret,
                                                         selectionStart: caret == nil ? nil : selectionStart))
        for peer in book.known.keys.sorted() where sends(documentID, to: peer) { step.send(message, to: peer) }
        return step
    }

    /// Commits the note's pending local edit and signs it.
    private mutating func commitNote(_ documentID: DocumentID) throws -> StoredRun {
        guard let change = replicas[documentID]!.note!.commit() else { throw PeerError.refused("no edit to commit") }
        return try replicas[documentID]!.sign(change.encoded, startSeq: change.startSeq, endSeq: change.endSeq, by: identity)
    }

    /// Stores local runs (the acknowledgement point), then pushes them to peers. On a store
    /// failure the document is reloaded from disk.
    mutating func store(_ runs: [StoredRun], in documentID: DocumentID, writable: (PeerID) -> Bool) throws(PeerError) -> SyncStep {
        let stored: [StoredRun]
        do {
            stored = try store.append(runs, to: documentID.description, lastAuthor: me.description, at: clock())
        } catch {
            _ = reload(documentID)
            throw .store(StorageError(error))
        }
        return committed(stored, in: documentID, writable: writable)
    }

    /// Local runs are on disk: book them and send them to the peers that lack them.
    mutating func committed(_ stored: [StoredRun], in documentID: DocumentID, writable: (PeerID) -> Bool) -> SyncStep {
        var step = SyncStep(events: noteStored(stored, in: documentID))
        step.append(push(stored, in: documentID, except: nil, writable: writable))
        return step
    }
}

/// A local chat message made and signed in memory, waiting for the commit that acknowledges it.
struct LocalPost: Sendable {
    var message: ChatMessage
    var runs: [StoredRun]
}
