import Foundation
import HuddleCore
import HuddleStore

/// What this peer knows of each connected peer's documents, and what it still owes them.
struct SyncBook: Sendable {
    /// Per peer that sent its SyncState, per document, the version it holds (as far as this
    /// peer knows: raised when changes are sent to it or received from it).
    var known: [PeerID: [DocumentID: VersionVector]] = [:]
    /// Per peer, the documents whose missing changes are still to be sent, in order.
    private(set) var pending: [PeerID: CatchUpQueue] = [:]
    /// Per peer, the document being caught up now (read from the store a page at a time).
    var current: [PeerID: DocumentID] = [:]
    /// Peers a catch-up is running for (its sender pulls ``SyncEngine/nextCatchUp(for:)``).
    var running: Set<PeerID> = []
    /// Documents whose live changes were not pushed to a peer because its session was full
    /// or a catch-up was running; they are caught up after it.
    var behind: [PeerID: Set<DocumentID>] = [:]
    /// Per peer and document, when it last said it holds less than this peer thought.
    var lastRestated: [PeerID: [DocumentID: Date]] = [:]
    /// Documents and authors that peers the user has not verified brought, per peer and in
    /// all, since start (see ``strangerBudget(documentsFrom:verified:)``).
    var strangerDocuments: [PeerID: Int] = [:], strangerDocumentsInAll = 0
    var strangerAuthors: [PeerID: Int] = [:], strangerAuthorsInAll = 0
    /// Changes refused (forged, altered, malformed, not allowed) since start.
    var refused = 0
    /// Changes accepted from peers since start.
    var received = 0
    /// Bytes of change runs of private workspaces this peer is no member of that peers sent
    /// it since start (refused; members never send them, so this stays 0).
    var foreignBytes = 0

    /// Queues `documents` for `peer`, each once (constant time per document).
    mutating func enqueue(_ documents: [DocumentID], for peer: PeerID) {
        pending[peer, default: CatchUpQueue()].append(contentsOf: documents)
    }

    /// The next document to catch `peer` up on.
    mutating func nextPending(for peer: PeerID) -> DocumentID? {
        pending[peer]?.popFirst()
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
        current[peer] = nil
        lastRestated[peer] = nil
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

/// What peers the user has not verified may bring: new documents and new authors, each
/// bounded per peer and in all (throwaway keys cost nothing), so a stranger cannot make this
/// peer hold without bound. Verified peers are not limited.
extension SyncBook {
    static let documentsPerStranger = 1024, documentsFromStrangers = 8192
    static let authorsPerStranger = 1024, authorsFromStrangers = 16384

    /// Why `peer` may not bring another document, if it may not.
    func strangerBudget(documentsFrom peer: PeerID, verified: Bool) -> String? {
        guard !verified else { return nil }
        if strangerDocuments[peer, default: 0] >= Self.documentsPerStranger {
            return "it is not verified and brought \(Self.documentsPerStranger) documents already"
        }
        if strangerDocumentsInAll >= Self.documentsFromStrangers {
            return "peers that are not verified brought \(Self.documentsFromStrangers) documents already"
        }
        return nil
    }

    /// Counts a document `peer` brought.
    mutating func introduced(documentFrom peer: PeerID, verified: Bool) {
        guard !verified else { return }
        strangerDocuments[peer, default: 0] += 1
        strangerDocumentsInAll += 1
    }

    /// Why `peer` may not bring another author, if it may not; counts it if it may.
    mutating func strangerBudget(authorsFrom peer: PeerID, verified: Bool) -> String? {
        guard !verified else { return nil }
        if strangerAuthors[peer, default: 0] >= Self.authorsPerStranger {
            return "it is not verified and brought \(Self.authorsPerStranger) new authors already"
        }
        if strangerAuthorsInAll >= Self.authorsFromStrangers {
            return "peers that are not verified brought \(Self.authorsFromStrangers) new authors already"
        }
        strangerAuthors[peer, default: 0] += 1
        strangerAuthorsInAll += 1
        return nil
    }
}
