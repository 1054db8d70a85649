import HuddleCore
import HuddleNet
import HuddleStore

extension SyncEngine {
    /// Largest SyncState frame sent, in bytes (about: names and version entries counted).
    static let stateFrameBytes = 256 << 10

    /// What this peer holds of every document `peer` may see (`only`: of these), in frames of
    /// at most ``stateFrameBytes`` (a document with many authors spans several; the receiver
    /// merges them). A complete state says so in its last frame only.
    mutating func stateMessages(for peer: PeerID, only: [DocumentID]? = nil, frameBytes: Int = stateFrameBytes) -> [SyncMessage] {
        if book.known[peer] == nil {
            book.known[peer] = [:]
            noteSessionStarted(with: peer)
        }
        var frames: [SyncMessage] = []
        var documents: [DocumentState] = []
        var size = 0
        func flush() {
            frames.append(.state(SyncState(documents: documents, complete: false)))
            documents = []
            size = 0
        }
        for documentID in only ?? replicas.keys.sorted(by: { $0.description < $1.description }) {
            guard let replica = replicas[documentID], sends(documentID, to: peer) else { continue }
            var part = VersionVector()
            let nameBytes = documentID.description.utf8.count + 8
            for (author, seq) in replica.version.entries.sorted(by: { $0.key < $1.key }) {
                if size + nameBytes + 48 > frameBytes {
                    if !part.entries.isEmpty { documents.append(DocumentState(document: documentID, version: part)) }
                    flush()
                    part = VersionVector()
                }
                if part.entries.isEmpty { size += nameBytes }
                part[author] = seq
                size += 48
            }
            if size + nameBytes > frameBytes { flush() }
            if part.entries.isEmpty { size += nameBytes }
            documents.append(DocumentState(document: documentID, version: part))
        }
        frames.append(.state(SyncState(documents: documents, complete: only == nil)))
        return frames
    }

    /// Tells every syncing peer that may see it that `documentID` exists (a new channel or note).
    mutating func announce(_ documentID: DocumentID) -> SyncStep {
        var step = SyncStep()
        for peer in book.known.keys.sorted() where sends(documentID, to: peer) {
            for message in stateMessages(for: peer, only: [documentID]) { step.send(message, to: peer) }
        }
        return step
    }

    /// Sends runs just stored to every syncing peer that may see the document and lacks them,
    /// except `source`. A peer whose session is full, or that is being caught up, is left for
    /// its catch-up, so one slow peer never holds up the others and nothing queues without bound.
    mutating func push(_ runs: [StoredRun], in documentID: DocumentID, except source: PeerID?,
                       writable: (PeerID) -> Bool) -> SyncStep {
        var step = SyncStep()
        for peer in book.known.keys.sorted() where peer != source && sends(documentID, to: peer) {
            // A member that lacks the roster gets it whole from its catch-up (rosterChanged).
            if documentID.isRoster && book.known[peer]?[documentID] == nil { continue }
            let lacking = runs.filter { $0.endSeq > (book.known[peer]?[documentID]?[$0.author] ?? 0) }
            guard !lacking.isEmpty else { continue }
            guard writable(peer), !book.running.contains(peer) else {
                book.behind[peer, default: []].insert(documentID)
                continue
            }
            for batch in Self.batches(of: lacking) { step.send(Self.message(documentID, batch), to: peer) }
            for run in lacking { book.raise(peer, documentID, author: run.author, to: run.endSeq) }
            for cards in owedCards(after: lacking, to: peer) { step.send(cards, to: peer) }
        }
        return step
    }

    /// Queues documents to send `peer` what it lacks of; the step names the peer when no
    /// sender pulls its catch-up yet.
    mutating func catchUp(_ peer: PeerID, on documents: [DocumentID]) -> SyncStep {
        book.enqueue(documents, for: peer)
        var step = SyncStep()
        if book.running.insert(peer).inserted { step.catchUp.append(peer) }
        return step
    }

    /// The next message of `peer`'s catch-up: document after document, the stored runs it
    /// lacks, a frame at a time. Nil when it is caught up (its sender stops then).
    mutating func nextCatchUp(for peer: PeerID) -> (message: SyncMessage?, events: [SyncEvent]) {
        var events: [SyncEvent] = []
        while book.known[peer] != nil {
            // The cards of the authors of the frame before go right after it.
            if let cards = names.nextOwed(by: peer) { return (cards, events) }
            if let documentID = book.current[peer], !sends(documentID, to: peer) {
                book.current[peer] = nil // no longer shared with this peer (a roster changed)
                continue
            }
            if let documentID = book.current[peer] {
                // A page of what the peer lacks: what was sent raises its version, so the
                // next page starts after it.
                do {
                    let page = try store.runs(of: documentID.description, missingFrom: book.known[peer]?[documentID] ?? VersionVector(),
                                              heads: replicas[documentID]?.heads.mapValues(\.seq),
                                              rows: Self.catchUpRows, bytes: Self.batchBytes)
                    if !page.isEmpty {
                        for run in page { book.raise(peer, documentID, author: run.author, to: run.endSeq) }
                        names.sentRuns(by: Set(page.map(\.author)), to: peer)
                        return (Self.message(documentID, page), events)
                    }
                } catch {
                    events.append(.notice("could not read \(documentID) to sync: \(error)"))
                }
                book.current[peer] = nil
                continue
            }
            if let documentID = book.nextPending(for: peer) {
                book.current[peer] = documentID
                continue
            }
            if let behind = book.behind.removeValue(forKey: peer), !behind.isEmpty {
                book.enqueue(behind.sorted { $0.description < $1.description }, for: peer)
                continue
            }
            break
        }
        book.running.remove(peer)
        return (nil, events)
    }

    /// A catch-up's sender stopped early (the session went): it starts afresh with the next.
    mutating func catchUpStopped(for peer: PeerID) {
        book.running.remove(peer)
    }

    /// Most runs read from the store for one catch-up frame.
    static let catchUpRows = 4096

    static func batches(of runs: [StoredRun]) -> [[StoredRun]] {
        var batches: [[StoredRun]] = []
        var current: [StoredRun] = []
        var size = 0
        for run in runs {
            if size + run.run.count > batchBytes, !current.isEmpty {
                batches.append(current)
                current = []
                size = 0
            }
            current.append(run)
            size += run.run.count
        }
        if !current.isEmpty { batches.append(current) }
        return batches
    }

    static func message(_ document: DocumentID, _ runs: [StoredRun]) -> SyncMessage {
        .changes(ChangeBatch(document: document, runs: runs.map(\.run)))
    }
}

extension SyncEngine {
    /// `peer`'s session takes writes again: catch it up on what was not pushed meanwhile.
    mutating func drained(_ peer: PeerID) -> SyncStep {
        guard let behind = book.behind.removeValue(forKey: peer), !behind.isEmpty else { return SyncStep() }
        return catchUp(peer, on: behind.sorted { $0.description < $1.description })
    }
}
