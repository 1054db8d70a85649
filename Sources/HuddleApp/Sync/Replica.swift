import Foundation
import HuddleCore
import HuddleStore

/// One document in memory: its CRDT state, where each author's chain of signed changes ends,
/// and how far the store's runs are reflected in it.
struct Replica: Sendable {
    let id: DocumentID
    /// The chat log, for channels and direct conversations (mutated in place through the optional).
    var chat: ChatLog?
    /// The text, for notes.
    var note: TextDocument?
    var heads: [ReplicaID: ChainHead]
    /// The last stored run reflected in `content`.
    var lastRunID: Int64
    /// Runs stored since the last snapshot.
    var runsSinceSnapshot: Int
    /// Signed changes received that wait for changes they depend on (not stored yet).
    var pending = PendingChanges()

    /// An empty document written locally as `me`.
    init(id: DocumentID, me: ReplicaID) {
        self.id = id
        if id.isChat { chat = ChatLog(replica: me) } else { note = TextDocument(replica: me) }
        heads = [:]
        lastRunID = 0
        runsSinceSnapshot = 0
    }

    /// The document ID's text form.
    var key: String { id.description }

    /// The version the CRDT holds (what this peer has applied).
    var version: VersionVector {
        chat?.version ?? note?.version ?? VersionVector()
    }

    /// Changes the CRDT holds back for their dependencies (none from peers: those wait in
    /// ``pending`` until they apply).
    var waitingCount: Int {
        (chat?.waitingCount ?? 0) + (note?.waitingCount ?? 0)
    }

    /// Whether `change` would apply now rather than wait.
    func canApplyNow(_ change: AnyChange) -> Bool {
        switch change {
        case let .chat(change): chat?.canApplyNow(change) ?? false
        case let .text(change): note?.canApplyNow(change) ?? false
        }
    }

    /// The document's encoded state, for a snapshot.
    func encoded() -> [UInt8] {
        chat?.encoded() ?? note?.encoded() ?? []
    }
}
