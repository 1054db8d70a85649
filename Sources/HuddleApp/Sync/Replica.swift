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

    /// Changes waiting for their dependencies.
    var waitingCount: Int {
        (chat?.waitingCount ?? 0) + (note?.waitingCount ?? 0)
    }

    /// The document's encoded state, for a snapshot.
    func encoded() -> [UInt8] {
        chat?.encoded() ?? note?.encoded() ?? []
    }
}
