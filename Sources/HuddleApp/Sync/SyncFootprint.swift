import HuddleCore

/// The sizes of what peers can make the sync engine hold: the structures a hostile peer would
/// try to grow. Tests of attacks assert on these, not on time.
struct SyncFootprint: Equatable, Sendable {
    /// Documents held.
    var documents = 0
    /// Authors with a chain in any document, counted once per document.
    var authors = 0
    /// Changes waiting for their dependencies, and their bytes, in all documents.
    var pendingChanges = 0, pendingBytes = 0
    /// Changes waiting in the CRDTs' own waiting rooms.
    var waitingChanges = 0
    /// What peers are remembered to hold: documents and author entries, over all peers.
    var knownDocuments = 0, knownEntries = 0
    /// Documents and authors brought by peers the user has not verified.
    var strangerDocuments = 0, strangerAuthors = 0
}

extension SyncEngine {
    /// What the engine holds now.
    var footprint: SyncFootprint {
        var footprint = SyncFootprint(documents: replicas.count)
        for replica in replicas.values {
            footprint.authors += replica.heads.count
            footprint.pendingChanges += replica.pending.count
            footprint.pendingBytes += replica.pending.bytes
            footprint.waitingChanges += replica.waitingCount
        }
        for documents in book.known.values {
            footprint.knownDocuments += documents.count
            footprint.knownEntries += documents.values.reduce(0) { $0 + $1.entries.count }
        }
        footprint.strangerDocuments = book.strangerDocumentsInAll
        footprint.strangerAuthors = book.strangerAuthorsInAll
        return footprint
    }
}

extension Peer {
    /// The sync engine's footprint (tests of attacks).
    func syncFootprint() -> SyncFootprint { sync.footprint }
}
