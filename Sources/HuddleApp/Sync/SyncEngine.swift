import Foundation
import HuddleCore
import HuddleNet
import HuddleStore

/// This peer's documents and what it knows of its peers' copies: replicas, the sync book,
/// read markers and teammates' carets.
///
/// It takes a decoded ``SyncMessage`` from a peer (or a local command) and returns the
/// messages to send and what became visible, so several engines can be wired through an
/// in-memory link in tests, with no sockets and no sleeps. It stores every accepted change
/// before it says anything about it: what it returns is on disk.
struct SyncEngine: Sendable {
    /// This peer's identity, which signs its own changes.
    let identity: DeviceIdentity
    /// Where documents are kept.
    let store: DocumentStore
    /// The time, for the store's timestamps.
    let clock: @Sendable () -> Date
    /// Every document this peer holds.
    var replicas: [DocumentID: Replica] = [:]
    /// What each syncing peer holds, and what is still owed to it.
    var book = SyncBook()
    /// Per chat, the clock of the latest message the user has read.
    var readMarkers: [DocumentID: UInt64] = [:]
    /// Teammates' carets in notes, as their presence messages said.
    var carets = TeammateCarets()
    /// Nicknames signed by their peers, passed on with their changes.
    /// Where this peer's own messages arrived (peers' states and `held` reports).
    var delivery = DeliveryBook()
    var names = NameBook()
    /// Peers the user verified: they may bring any number of documents and authors.
    var verified: Set<PeerID> = []
    /// Local changes made in memory whose commit is still under way: no snapshot is taken
    /// meanwhile (it would hold what the disk may yet refuse).
    var commitsInFlight = 0
    /// Chains that forked, found since start (`huddle status`).
    var forks = ChainForks()
    /// Documents where peers hold more of this peer's own chain than it does.
    var ownChainClaims: [DocumentID: OwnChainClaim] = [:]
    /// Sessions that came up soon after start whose first SyncState has not arrived yet.
    var awaitingFirstState: [PeerID: Date] = [:]
    /// When ``load()`` ran.
    var startedAt = Date.distantPast
    /// Who shares what (the lobby, rosters read from their documents, who joined).
    var access: WorkspaceAccess
    /// Workspaces this peer was added to and has not joined yet.
    var invitations = Invitations()
    /// The invitation being joined (its sender's roster runs are taken while it is set).
    var joining: Invitation?

    /// Snapshot a document after this many stored runs.
    static let snapshotEvery = 1000
    /// How often a peer's claim to hold less of a document than believed is believed, in seconds.
    static let restateInterval: TimeInterval = 5
    /// Largest batch of runs in one frame (frames are limited to 1 MiB).
    static let batchBytes = 512 << 10

    /// An engine for `identity` over `store`; call ``load()`` before anything else.
    init(identity: DeviceIdentity, store: DocumentStore, clock: @escaping @Sendable () -> Date = Date.init) {
        self.identity = identity
        self.store = store
        self.clock = clock
        access = WorkspaceAccess(me: identity.peerID)
    }

    var me: PeerID { identity.peerID }
    var replicaID: ReplicaID { identity.peerID.replicaID }

    /// Loads every stored document (snapshot plus tail) and makes sure `#general` exists.
    /// Returns what was wrong with stored rows (moved aside; see ``Replica/load``).
    mutating func load() throws(StoreError) -> [String] {
        startedAt = clock()
        try ensureDocument(.general)
        var problems: [String] = []
        for record in try store.documents() {
            guard let documentID = try? DocumentID(parsing: record.id) else {
                problems.append("a stored document with an invalid ID is ignored: \(record.id.prefix(80))")
                continue
            }
            let (replica, found) = try Replica.load(documentID, me: replicaID, from: store, at: clock())
            replicas[documentID] = replica
            problems += found
            if case let .roster(workspace) = documentID, let log = replica.chat { rosters[workspace] = Roster(id: workspace, log: log) }
        }
        for (key, lamport) in try store.readMarkers() {
            guard let documentID = try? DocumentID(parsing: key) else { continue }
            readMarkers[documentID] = lamport
        }
        return problems
    }

    /// The replica of `documentID`, created (and stored) empty if this peer has none.
    /// Returns whether it was created.
    @discardableResult
    mutating func ensureDocument(_ documentID: DocumentID) throws(StoreError) -> Bool {
        if replicas[documentID] != nil { return false }
        try registerDocument(documentID)
        replicas[documentID] = Replica(id: documentID, me: replicaID)
        return true
    }

    /// Records `documentID` in the store (its replica is made by the caller).
    func registerDocument(_ documentID: DocumentID) throws(StoreError) {
        try store.create(StoredDocument(id: documentID.description, workspace: documentID.storageGroup,
                                        kind: documentID.isChat ? "chat" : "note", name: documentID.displayName(for: me),
                                        createdAt: clock().timeIntervalSince1970))
    }

    /// Writes snapshots of documents with many runs since their last one (`force`: any new run),
    /// when no change waits for dependencies (a snapshot must hold everything up to its run).
    mutating func saveSnapshots(force: Bool = false) -> [SyncEvent] {
        var events: [SyncEvent] = []
        guard commitsInFlight == 0 else { return events }
        for (documentID, replica) in replicas where replica.runsSinceSnapshot >= (force ? 1 : Self.snapshotEvery) {
            guard replica.waitingCount == 0 else { continue }
            do {
                try store.saveSnapshot(of: documentID.description, bytes: replica.encoded(), throughRun: replica.lastRunID, at: clock())
                replicas[documentID]?.runsSinceSnapshot = 0
            } catch {
                events.append(.notice("could not save a snapshot of \(documentID): \(error)"))
            }
        }
        return events
    }

    /// Books runs just stored into the replica's accounting, snapshotting when due.
    mutating func noteStored(_ stored: [StoredRun], in documentID: DocumentID) -> [SyncEvent] {
        guard let last = stored.last else { return [] }
        replicas[documentID]?.lastRunID = last.id
        replicas[documentID]?.runsSinceSnapshot += stored.count
        return (replicas[documentID]?.runsSinceSnapshot ?? 0) >= Self.snapshotEvery ? saveSnapshots() : []
    }

    /// Replaces a document in memory by what the store holds (after a failure mid-change), so
    /// memory never holds what the disk lacks.
    mutating func reload(_ documentID: DocumentID) -> [SyncEvent] {
        do {
            let (replica, problems) = try Replica.load(documentID, me: replicaID, from: store, at: clock())
            replicas[documentID] = replica
            return problems.map { .notice($0) }
        } catch {
            return [.notice("could not reload \(documentID) from the store: \(error)")]
        }
    }
}
