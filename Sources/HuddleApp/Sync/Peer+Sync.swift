import Foundation
import HuddleCore
import HuddleNet
import HuddleStore

extension Peer {
    /// Largest batch of runs in one frame (frames are limited to 1 MiB).
    static let batchBytes = 512 << 10

    // MARK: sending

    /// Tells `peer` what this peer holds of every document it may see (`only`: of these).
    func sendSyncState(to peer: PeerID, only: [String]? = nil) {
        if book.known[peer] == nil { book.known[peer] = [:] }
        var documents: [DocumentState] = []
        for key in only ?? replicas.keys.sorted() {
            guard let replica = replicas[key], replica.id.isVisible(to: peer) else { continue }
            documents.append(DocumentState(document: replica.id, version: replica.version))
        }
        sessions.send(.state(SyncState(documents: documents, complete: only == nil)), to: peer)
    }

    /// Tells every syncing peer that may see it that `key` exists (a new channel or note).
    func announce(_ key: String) {
        for peer in book.known.keys where replicas[key]?.id.isVisible(to: peer) == true {
            sendSyncState(to: peer, only: [key])
        }
    }

    /// Sends runs just stored to every syncing peer that may see the document and lacks them,
    /// except `source`. A peer whose session is full is skipped and caught up when it drains,
    /// so one slow peer never holds up the others and nothing queues without bound.
    func push(_ runs: [StoredRun], in key: String, except source: PeerID?) {
        guard let documentID = replicas[key]?.id else { return }
        for peer in book.known.keys where peer != source && documentID.isVisible(to: peer) {
            let lacking = runs.filter { $0.endSeq > (book.known[peer]?[key]?[$0.author] ?? 0) }
            guard !lacking.isEmpty else { continue }
            guard sessions.isWritable(peer), book.running.contains(peer) == false else {
                book.behind[peer, default: []].insert(key)
                continue
            }
            for batch in Self.batches(of: lacking) {
                sessions.send(Self.message(documentID, batch), to: peer)
            }
            for run in lacking { book.raise(peer, key, author: run.author, to: run.endSeq) }
        }
    }

    /// Queues documents to send `peer` what it lacks of, and starts the sender if idle.
    func catchUp(_ peer: PeerID, on keys: [String]) {
        book.enqueue(keys, for: peer)
        guard !book.running.contains(peer) else { return }
        book.running.insert(peer)
        tasks.append(Task { [weak self] in await self?.runCatchUp(peer) })
    }

    /// Sends, document after document, the stored runs `peer` lacks, one frame at a time,
    /// waiting for each to be taken by the network (so memory stays bounded).
    func runCatchUp(_ peer: PeerID) async {
        defer { book.running.remove(peer) }
        while let key = book.pending[peer]?.first {
            book.pending[peer]?.removeFirst()
            guard book.known[peer] != nil else { return }
            let version = book.known[peer]?[key] ?? VersionVector()
            let runs: [StoredRun]
            do { runs = try documents.runs(of: key, missingFrom: version) } catch {
                continuation.yield(.notice("could not read \(key) to sync: \(error)"))
                continue
            }
            guard let documentID = replicas[key]?.id else { continue }
            for batch in Self.batches(of: runs) {
                for run in batch { book.raise(peer, key, author: run.author, to: run.endSeq) }
                guard await sessions.sendAwaitingWrite(Self.message(documentID, batch), to: peer) else { return }
            }
        }
        if let behind = book.behind.removeValue(forKey: peer), !behind.isEmpty {
            book.enqueue(Array(behind), for: peer)
            await runCatchUp(peer)
        }
    }

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

    // MARK: receiving

    func handleSync(_ message: SyncMessage, from peer: PeerID) {
        switch message {
        case let .state(state): receiveState(state, from: peer)
        case let .changes(batch): receiveChanges(batch, from: peer)
        case let .presence(presence): receivePresence(presence, from: peer)
        }
    }

    /// A peer's SyncState: remember what it holds, create documents it has that this peer
    /// lacks, and send it what it lacks.
    func receiveState(_ state: SyncState, from peer: PeerID) {
        if book.known[peer] == nil { book.known[peer] = [:] }
        var toSend: [String] = []
        var created = false
        for document in state.documents {
            let documentID = document.document
            guard documentID.isVisible(to: peer), documentID.isVisible(to: id) else { continue }
            let key = documentID.description
            book.known[peer]![key] = document.version
            if replicas[key] == nil {
                do { created = try ensureDocument(documentID) || created } catch {
                    continuation.yield(.notice("could not create \(documentID): \(error)"))
                    continue
                }
            }
            toSend.append(key)
        }
        // Documents the peer did not mention (it never heard of them) it lacks entirely.
        if state.complete {
            for (key, replica) in replicas where replica.id.isVisible(to: peer) && book.known[peer]![key] == nil {
                book.known[peer]![key] = VersionVector()
                toSend.append(key)
            }
        }
        if created { continuation.yield(.documentsChanged) }
        catchUp(peer, on: toSend)
    }

    /// A batch of changes: check and apply each run, store what is new in one transaction,
    /// tell the UI, relay to peers that lack it. Refused changes are logged and counted.
    func receiveChanges(_ batch: ChangeBatch, from peer: PeerID) {
        let documentID = batch.document
        let key = documentID.description
        guard documentID.isVisible(to: peer), documentID.isVisible(to: id) else {
            book.refused += batch.runs.count
            continuation.yield(.notice("refused changes from \(peer.short) to a document it may not send: \(String(key.prefix(80)))"))
            return
        }
        var created = false
        if replicas[key] == nil {
            do { created = try ensureDocument(documentID) } catch {
                continuation.yield(.notice("could not create \(key): \(error)"))
                return
            }
        }
        var accepted: [StoredRun] = []
        var visible = Visible()
        var gap = false
        let refusedBefore = book.refused
        let runs = Self.coalesced(batch.runs, refused: &book.refused)
        if book.refused > refusedBefore {
            continuation.yield(.notice("refused \(book.refused - refusedBefore) malformed change run(s) in \(key) sent by \(peer.short)"))
        }
        for run in runs {
            let reception = replicas[key]!.receive(run)
            if let refusal = reception.refusal {
                book.refused += reception.refusedCount
                continuation.yield(.notice("refused \(reception.refusedCount) change(s) in \(key) sent by \(peer.short): \(refusal)"))
            }
            gap = gap || reception.gap
            if let stored = reception.accepted {
                accepted.append(stored)
                book.raise(peer, key, author: stored.author, to: stored.endSeq)
            }
            visible.chat += reception.visible.chat
            visible.patches += reception.visible.patches
        }
        if gap { sendSyncState(to: peer, only: [key]) }
        if created { continuation.yield(.documentsChanged) }
        guard !accepted.isEmpty else { return }
        let stored: [StoredRun]
        do {
            stored = try documents.append(accepted, to: key, lastAuthor: PeerID(digest: accepted.last!.author.bytes)?.description, at: Date())
        } catch {
            continuation.yield(.notice("could not store changes of \(key): \(error)"))
            reload(key)
            return
        }
        book.received += accepted.count
        noteStored(stored, in: key)
        report(visible, in: key, author: accepted.last!.author)
        push(stored, in: key, except: peer)
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

    /// Turns what became visible into events for the UI.
    func report(_ visible: Visible, in key: String, author: ReplicaID) {
        for event in visible.chat {
            switch event {
            case let .posted(message), let .edited(message):
                continuation.yield(.chat(line(for: message, in: key)))
            case let .deleted(messageID):
                let short = PeerID(digest: messageID.replica.bytes)?.short ?? "?"
                continuation.yield(.chatDeleted(document: key, id: "\(short)@\(messageID.seq)"))
            }
        }
        if replicas[key]?.note != nil {
            noteChanged(key, patches: visible.patches, editor: PeerID(digest: author.bytes).map(nickname(of:)) ?? "?")
        }
        if !visible.chat.isEmpty { continuation.yield(.documentsChanged) }
    }
}
