import HuddleCore

/// What this peer knows of each connected peer's documents, and what it still owes them.
struct SyncBook: Sendable {
    /// Per peer that sent its SyncState, per document, the version it holds (as far as this
    /// peer knows: raised when changes are sent to it or received from it).
    var known: [PeerID: [String: VersionVector]] = [:]
    /// Documents to send a peer the changes it lacks of, in order.
    var pending: [PeerID: [String]] = [:]
    /// Peers a catch-up task is sending to now.
    var running: Set<PeerID> = []
    /// Documents whose live changes were not pushed to a peer because its session was full.
    var behind: [PeerID: Set<String>] = [:]
    /// Changes refused (forged, altered, malformed, not allowed) since start.
    var refused = 0
    /// Changes accepted from peers since start.
    var received = 0

    /// Queues `documents` for `peer`, each once.
    mutating func enqueue(_ documents: [String], for peer: PeerID) {
        var queue = pending[peer] ?? []
        for document in documents where !queue.contains(document) { queue.append(document) }
        pending[peer] = queue
    }

    /// Records that `peer` holds changes of `author` up to `seq` in `document`.
    mutating func raise(_ peer: PeerID, _ document: String, author: ReplicaID, to seq: UInt64) {
        guard known[peer] != nil else { return }
        if (known[peer]?[document]?[author] ?? 0) < seq { known[peer]![document, default: VersionVector()][author] = seq }
    }

    /// Forgets a peer whose session ended.
    mutating func forget(_ peer: PeerID) {
        known[peer] = nil
        pending[peer] = nil
        behind[peer] = nil
    }
}
