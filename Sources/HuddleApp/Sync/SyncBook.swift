import HuddleCore
import HuddleStore

/// What this peer knows of each connected peer's documents, and what it still owes them.
struct SyncBook: Sendable {
    /// Per peer that sent its SyncState, per document, the version it holds (as far as this
    /// peer knows: raised when changes are sent to it or received from it).
    var known: [PeerID: [DocumentID: VersionVector]] = [:]
    /// Per peer, the documents whose missing changes are still to be sent, in order.
    private(set) var pending: [PeerID: CatchUpQueue] = [:]
    /// Per peer, the batches still to send of the document being caught up now.
    var outbox: [PeerID: (document: DocumentID, batches: [[StoredRun]])] = [:]
    /// Peers a catch-up is running for (its sender pulls ``SyncEngine/nextCatchUp(for:)``).
    var running: Set<PeerID> = []
    /// Documents whose live changes were not pushed to a peer because its session was full
    /// or a catch-up was running; they are caught up after it.
    var behind: [PeerID: Set<DocumentID>] = [:]
    /// Changes refused (forged, altered, malformed, not allowed) since start.
    var refused = 0
    /// Changes accepted from peers since start.
    var received = 0

    /// Queues `documents` for `peer`, each once (constant time per document).
    mutating func enqueue(_ documents: [DocumentID], for peer: PeerID) {
        pending[peer, default: CatchUpQueue()].append(contentsOf: documents)
    }

    /// The next document to catch `peer` up on.
    mutating func nextPending(for peer: PeerID) -> DocumentID? {
        pending[peer]?.popFirst()
    }

    /// The next batch of the document being caught up for `peer`, if any is left.
    mutating func nextOutgoingBatch(for peer: PeerID) -> (DocumentID, [StoredRun])? {
        guard var current = outbox[peer], !current.batches.isEmpty else { return nil }
        let batch = current.batches.removeFirst()
        outbox[peer] = current.batches.isEmpty ? nil : current
        return (current.document, batch)
    }

    /// Records that `peer` holds changes of `author` up to `seq` in `document`.
    mutating func raise(_ peer: PeerID, _ document: DocumentID, author: ReplicaID, to seq: UInt64) {
        guard known[peer] != nil else { return }
        if (known[peer]?[document]?[author] ?? 0) < seq { known[peer]![document, default: VersionVector()][author] = seq }
    }

    /// Forgets a peer whose session ended.
    mutating func forget(_ peer: PeerID) {
        known[peer] = nil
        pending[peer] = nil
        outbox[peer] = nil
        running.remove(peer)
        behind[peer] = nil
    }
}

/// Documents waiting to be caught up, in order, each at most once.
struct CatchUpQueue: Sendable {
    private var order: [DocumentID] = []
    private var head = 0
    private var members: Set<DocumentID> = []

    var isEmpty: Bool { head == order.count }

    mutating func append(contentsOf documents: [DocumentID]) {
        for document in documents where members.insert(document).inserted { order.append(document) }
    }

    mutating func popFirst() -> DocumentID? {
        guard head < order.count else { return nil }
        let document = order[head]
        head += 1
        members.remove(document)
        if head == order.count {
            order.removeAll(keepingCapacity: true)
            head = 0
        }
        return document
    }
}
