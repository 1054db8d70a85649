import HuddleCore
import HuddleNet
import HuddleStore

extension SyncEngine {
    /// A session with `peer` came up: tell it what this peer holds.
    mutating func sessionStarted(with peer: PeerID) -> SyncStep {
        var step = SyncStep()
        if let card = names.sessionStarted(with: peer) { step.send(.nameCards([card]), to: peer) }
        for message in stateMessages(for: peer) { step.send(message, to: peer) }
        return step
    }

    /// The session with `peer` ended: forget what it held and its carets.
    mutating func sessionEnded(with peer: PeerID) -> SyncStep {
        book.forget(peer)
        names.sessionEnded(with: peer)
        awaitingFirstState[peer] = nil
        joinedPeers[peer] = nil
        var step = SyncStep()
        step.events = carets.forget(peer).map { .caretsChanged($0, by: peer) }
        return step
    }

    /// Handles one message from `peer`. `writable` says whose sessions take live changes now.
    mutating func receive(_ message: SyncMessage, from peer: PeerID, writable: (PeerID) -> Bool) -> SyncStep {
        switch message {
        case let .state(state): receiveState(state, from: peer)
        case let .changes(batch): receiveChanges(batch, from: peer, writable: writable)
        case let .presence(presence): receivePresence(presence, from: peer)
        case let .held(state): receiveHeld(state, from: peer)
        case .inviteCode, .status, .typing: SyncStep() // the peer's, not the sync engine's (Peer+InviteCodes, Peer+Presence)
        case let .nameCards(cards): receiveNameCards(cards, from: peer)
        }
    }

    /// A message from `peer` that could not be read.
    mutating func refuse(_ error: SyncMessageError, from peer: PeerID) -> SyncStep {
        var step = SyncStep()
        guard error != .unknownKind else { return step }
        book.refused += 1
        step.events.append(.notice("refused a message from \(peer.short): \(error)"))
        return step
    }

    /// A peer's SyncState (or one frame of it): remember what it holds and queue what it
    /// lacks. What it says is merged with what this peer knows it holds (earlier frames, or
    /// sent since). A state that claims less than that (a peer that found a gap, or had
    /// changes that waited too long) is believed at most once per ``restateInterval`` per
    /// document, so a peer repeating an empty state gets the history resent no more often
    /// than that. A document this peer lacks is not created: it comes into being with its
    /// first accepted change. Only what the peer holds of documents this one holds, by authors
    /// this one knows, is remembered: it decides what to send, and nothing else grows with a
    /// state's size.
    mutating func receiveState(_ state: SyncState, from peer: PeerID) -> SyncStep {
        var step = SyncStep()
        if book.known[peer] == nil { book.known[peer] = [:] }
        awaitingFirstState[peer] = nil
        step.append(noteJoined(state, by: peer))
        var toSend: [DocumentID] = []
        for document in state.documents {
            let documentID = document.document
            guard sends(documentID, to: peer), let replica = replicas[documentID] else { continue }
            noteOwnChainClaim(document.version[replicaID], in: documentID)
            step.events += noteDelivered(to: peer, document.version[replicaID], in: documentID)
            let claimed = document.version.restricted(to: replica.version)
            let now = clock()
            if let known = book.known[peer]![documentID], !claimed.includes(known),
               book.lastRestated[peer]?[documentID].map({ now.timeIntervalSince($0) >= Self.restateInterval }) ?? true {
                book.known[peer]![documentID] = claimed
                book.lastRestated[peer, default: [:]][documentID] = now
            } else {
                book.known[peer]![documentID, default: VersionVector()].merge(claimed)
            }
            if !book.known[peer]![documentID]!.includes(replica.version) {
                toSend.append(documentID)
            }
        }
        // Documents the peer did not mention (it never heard of them) it lacks entirely.
        if state.complete {
            // Rosters first: a member must know who wrote before it takes what they wrote.
            for documentID in replicas.keys.sorted(by: { ($0.isRoster ? 0 : 1, $0.description) < ($1.isRoster ? 0 : 1, $1.description) })
            where sends(documentID, to: peer) && book.known[peer]![documentID] == nil {
                book.known[peer]![documentID] = VersionVector()
                toSend.append(documentID)
            }
        }
        guard !toSend.isEmpty else { return step }
        step.append(catchUp(peer, on: toSend))
        return step
    }

    /// A batch of changes: check and apply each run, store what is new in one transaction,
    /// say what became visible, relay to peers that lack it. Refused changes are logged and
    /// counted.
    mutating func receiveChanges(_ batch: ChangeBatch, from peer: PeerID, writable: (PeerID) -> Bool) -> SyncStep {
        var step = SyncStep()
        let documentID = batch.document
        let isJoining = joining.map { DocumentID.roster($0.workspace) == documentID && $0.sentBy == peer } ?? false
        if case let .roster(workspace) = documentID, rosters[workspace] == nil, !isJoining {
            return receiveInvitation(batch, in: workspace, from: peer)
        }
        guard isJoining || takes(documentID, from: peer) else {
            book.refused += batch.runs.count
            if case let .team(workspace)? = documentID.workspace, rosters[workspace]?.isMember(me) != true {
                book.foreignBytes += batch.runs.reduce(0) { $0 + $1.count }
            }
            step.events.append(.notice("refused changes from \(peer.short) to a document it may not send: \(String(documentID.description.prefix(80)))"))
            return step
        }
        // A document this peer lacks comes into being with its first accepted change; a peer
        // that is not verified may bring only so many.
        let isNew = replicas[documentID] == nil
        if isNew, documentID.workspace == .lan || documentID.workspace == nil, let refusal = book.strangerBudget(documentsFrom: peer, verified: verified.contains(peer)) {
            book.refused += batch.runs.count
            step.events.append(.notice("refused changes from \(peer.short) to a new document: \(refusal)"))
            return step
        }
        var replica = replicas.removeValue(forKey: documentID) ?? Replica(id: documentID, me: replicaID)
        var accepted: [StoredRun] = []
        var visible = Visible()
        var gap = false
        let refusedBefore = book.refused
        let runs = Self.coalesced(batch.runs, refused: &book.refused)
        if book.refused > refusedBefore {
            step.events.append(.notice("refused \(book.refused - refusedBefore) malformed change run(s) in \(documentID) sent by \(peer.short)"))
        }
        var overBudget: (runs: Int, reason: String)?
        for run in runs {
            let author = PeerID(publicKey: run.authorKey).replicaID
            if documentID.isRoster, (replica.chat?.postCount ?? 0) >= Roster.maxOperations {
                book.refused += run.entries.count
                step.events.append(.notice("refused \(run.entries.count) roster change(s) in \(documentID) sent by \(peer.short): a roster holds at most \(Roster.maxOperations) operations"))
                continue
            }
            guard admits(author: author, to: documentID) else {
                book.refused += run.entries.count
                step.events.append(.notice("refused \(run.entries.count) change(s) in \(documentID) sent by \(peer.short): their author \(PeerID(publicKey: run.authorKey).short) is no member"))
                continue
            }
            if run.authorKey.count == 32, author != peer.replicaID, replica.heads[author] == nil, replica.pending.last(of: author) == nil,
               let refusal = book.strangerBudget(authorsFrom: peer, verified: verified.contains(peer)) {
                book.refused += run.entries.count
                overBudget = ((overBudget?.runs ?? 0) + 1, refusal) // one notice per batch, not per run
                continue
            }
            let reception = replica.receive(run, from: peer, at: clock())
            if let refusal = reception.refusal {
                book.refused += reception.refusedCount
                step.events.append(.notice("refused \(reception.refusedCount) change(s) in \(documentID) sent by \(peer.short): \(refusal)"))
            }
            if reception.overlap != nil || reception.discontinuity != nil {
                step.events += checkFork(reception, author: author, in: documentID, from: peer)
            }
            gap = gap || reception.gap
            for stored in reception.accepted {
                accepted.append(stored)
                book.raise(peer, documentID, author: stored.author, to: stored.endSeq)
            }
            visible.chat += reception.visible.chat
            visible.patches += reception.visible.patches
        }
        if let overBudget {
            step.events.append(.notice("refused \(overBudget.runs) run(s) by new authors in \(documentID) sent by \(peer.short): \(overBudget.reason)"))
        }
        if !isNew || !accepted.isEmpty { replicas[documentID] = replica }
        if isNew && !accepted.isEmpty {
            do {
                try registerDocument(documentID)
                book.introduced(documentFrom: peer, verified: verified.contains(peer))
                step.events.append(.documentsChanged)
            } catch {
                step.events.append(.notice("could not create \(documentID): \(error)"))
                replicas[documentID] = nil
                return step
            }
        }
        if gap { for message in stateMessages(for: peer, only: [documentID]) { step.send(message, to: peer) } }
        guard let last = accepted.last else { return step }
        let stored: [StoredRun]
        do {
            stored = try store.append(accepted, to: documentID.description, lastAuthor: PeerID(digest: last.author.bytes)?.description, at: clock())
        } catch {
            step.events.append(.notice("could not store changes of \(documentID): \(error)"))
            step.events += reload(documentID)
            return step
        }
        book.received += accepted.count
        step.events += noteStored(stored, in: documentID)
        step.events += visibleEvents(visible, in: documentID, author: last.author)
        step.append(push(stored, in: documentID, except: peer, writable: writable))
        step.append(reportHeld(stored, in: documentID, to: peer))
        if case let .roster(workspace) = documentID { step.append(rosterChanged(workspace)) }
        return step
    }

    /// After storing changes of a chat: tells the peer they came from, and their authors in
    /// session, what this peer now holds of those authors, so each author can show where its
    /// messages arrived.
    func reportHeld(_ stored: [StoredRun], in documentID: DocumentID, to peer: PeerID) -> SyncStep {
        var step = SyncStep()
        guard documentID.isChat, !documentID.isRoster, let version = replicas[documentID]?.version else { return step }
        let authors = Array(Set(stored.map(\.author))).sorted()
        for chunk in stride(from: 0, to: authors.count, by: SyncMessage.maxHeldAuthors).map({ authors[$0..<min($0 + SyncMessage.maxHeldAuthors, authors.count)] }) {
            let report = SyncMessage.held(DocumentState(document: documentID,
                                                        version: VersionVector(Dictionary(uniqueKeysWithValues: chunk.map { ($0, version[$0]) }))))
            step.send(report, to: peer)
            for author in chunk {
                guard let authorPeer = PeerID(digest: author.bytes), authorPeer != peer, authorPeer != me,
                      book.known[authorPeer] != nil, sends(documentID, to: authorPeer) else { continue }
                step.send(report, to: authorPeer)
            }
        }
        return step
    }

    /// `peer` says what it holds of a chat: only this peer's own chain in it is remembered.
    mutating func receiveHeld(_ state: DocumentState, from peer: PeerID) -> SyncStep {
        guard sends(state.document, to: peer), replicas[state.document] != nil else { return SyncStep() }
        return SyncStep(events: noteDelivered(to: peer, state.version[replicaID], in: state.document))
    }

    /// Records how far `peer` holds this peer's own messages in a chat (bounded by what this
    /// peer wrote there, so no claim can run ahead).
    mutating func noteDelivered(to peer: PeerID, _ seq: UInt64, in documentID: DocumentID) -> [SyncEvent] {
        guard documentID.isChat, !documentID.isRoster, seq > 0, let written = replicas[documentID]?.version[replicaID],
              let reached = delivery.record(peer, holds: min(seq, written), in: documentID) else { return [] }
        return [.delivered(documentID, seqs: reached)]
    }

    /// A teammate's caret moved, or they closed the note.
    mutating func receivePresence(_ presence: CaretPresence, from peer: PeerID) -> SyncStep {
        var step = SyncStep()
        let documentID = presence.document
        guard !documentID.isChat, takes(documentID, from: peer), replicas[documentID] != nil else { return step }
        carets.set(presence.caret, selectionStart: presence.selectionStart, of: peer, in: documentID)
        step.events.append(.caretsChanged(documentID, by: peer))
        return step
    }

    /// Decodes a batch's runs and joins neighbours by the same author into one run, so one
    /// signature check covers everything an author has in the batch (a note typed key by key
    /// arrives as thousands of one-change runs). Malformed runs are counted and skipped.
    static func coalesced(_ encoded: [[UInt8]], refused: inout Int) -> [ChangeRun] {
        var runs: [ChangeRun] = []
        for bytes in encoded {
            guard let run = try? ChangeRun(decoding: bytes) else {
                refused += 1
                continue
            }
            if let last = runs.indices.last, runs[last].authorKey == run.authorKey,
               runs[last].entries.count + run.entries.count <= ChangeRun.maxEntries {
                runs[last].entries += run.entries
            } else {
                runs.append(run)
            }
        }
        return runs
    }

    /// What became visible, as events.
    func visibleEvents(_ visible: Visible, in documentID: DocumentID, author: ReplicaID) -> [SyncEvent] {
        if documentID.isRoster { return [] } // a roster's posts are operations, shown as members
        var events = visible.chat.map { SyncEvent.chat(documentID, $0) }
        if replicas[documentID]?.note != nil { events.append(.noteChanged(documentID, patches: visible.patches, author: author)) }
        if !visible.chat.isEmpty { events.append(.documentsChanged) }
        return events
    }
}
